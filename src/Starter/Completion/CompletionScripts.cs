namespace Release.Starter.Completion;

/// <summary>
/// Shell completion scripts. Each asks the command line itself what may come next, through the
/// parser's <c>[suggest:N]</c> directive, so completions follow the commands and options of the
/// installed version and need nothing else installed (no dotnet-suggest, no network).
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "no completion script for this shell"),
    };

    // The line up to the cursor, without the program's own name, is what the directive parses.
    private const string Bash = """
        # bash completion for release; load it with: source <(release completion bash)
        _release_complete()
        {
            local line="${COMP_LINE:0:COMP_POINT}"
            line="${line#"${COMP_WORDS[0]}"}"
            line="${line# }"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _release_complete release
        """;

    private const string Zsh = """
        #compdef release
        # zsh completion for release; load it with: source <(release completion zsh)
        _release_complete()
        {
            local line="${(j: :)words[2,CURRENT]}"
            local -a suggestions
            suggestions=("${(@f)$("${words[1]}" "[suggest:${#line}]" "$line" 2>/dev/null)}")
            compadd -a suggestions
        }
        compdef _release_complete release
        """;
}
