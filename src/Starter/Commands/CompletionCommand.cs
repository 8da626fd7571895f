using System.CommandLine;
using Release.Starter.Cli;
using Release.Starter.Completion;

namespace Release.Starter.Commands;

/// <summary><c>release completion bash|zsh</c>: prints the shell's completion script.</summary>
internal sealed class CompletionCommand : Command
{
    private readonly CliConsole console;
    private readonly Argument<string> shell = new("shell") { Description = $"The shell: {string.Join(" or ", CompletionScripts.Shells)}." };

    public CompletionCommand(CliConsole console)
        : base("completion", "Print a shell completion script: source <(release completion bash), or zsh; add that line to ~/.bashrc or ~/.zshrc.")
    {
        this.console = console;
        shell.CompletionSources.Add(CompletionScripts.Shells.ToArray());
        shell.Validators.Add(result =>
        {
            var given = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!CompletionScripts.Shells.Contains(given))
            {
                result.AddError($"no completion for shell '{given}'; give {string.Join(" or ", CompletionScripts.Shells)}");
            }
        });
        Add(shell);
        SetAction(Execute);
    }

    private int Execute(ParseResult parsed)
    {
        console.WriteRaw(CompletionScripts.For(parsed.GetRequiredValue(shell)));
        return ExitCodes.Success;
    }
}
