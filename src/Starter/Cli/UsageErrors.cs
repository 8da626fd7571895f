using System.CommandLine;
using System.CommandLine.Parsing;
using Release.Shared;

namespace Release.Starter.Cli;

/// <summary>
/// Turns the parser's complaints into one line in plain words naming what to do: an unknown
/// command or option with the nearest real one, a missing argument with what it is for. The
/// parser's own wording ("Required command was not provided.") says neither.
/// </summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        var help = command is RootCommand ? $"(see {ReleaseCli.Name} --help)" : $"(see {ReleaseCli.Name} --help or {path} --help)";
        var unmatched = parsed.UnmatchedTokens;
        if (unmatched.Count > 0 && unmatched[0].StartsWith('-'))
        {
            var names = OptionNames(parsed.CommandResult).ToList();
            return $"unknown option '{unmatched[0]}' for {path}{Suggestion(unmatched[0], names)} {help}";
        }

        if (command is RootCommand)
        {
            var commands = command.Subcommands.Select(c => c.Name).ToList();
            var known = $"(commands: {string.Join(", ", commands)}; see {ReleaseCli.Name} --help)";
            return unmatched.Count > 0
                ? $"unknown command '{unmatched[0]}'{Suggestion(unmatched[0], commands)} {known}"
                : $"no command given {known}";
        }

        foreach (var option in command.Options.Where(o => parsed.GetResult(o) is OptionResult { Implicit: false, Tokens.Count: 0 } && o.Arity.MinimumNumberOfValues > 0))
        {
            return $"{option.Name} needs a value{HelpName(option)} {help}";
        }

        foreach (var argument in command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(a) is not ArgumentResult { Tokens.Count: > 0 }))
        {
            return $"{path} needs {argument.Name.ToUpperInvariant()}: {argument.Description?.TrimEnd('.').ToLowerInvariant()} {help}";
        }

        foreach (var option in command.Options.Where(o => o.Required && parsed.GetResult(o) is not OptionResult { IdentifierToken: not null }))
        {
            return $"{path} needs {option.Name}{HelpName(option)}: {option.Description?.TrimEnd('.')} {help}";
        }

        if (FirstError(parsed, r => r is OptionResult or ArgumentResult) is { } own)
        {
            // Our own parsers and validators already speak plainly.
            return $"{own.TrimEnd('.')} {help}";
        }

        if (unmatched.Count > 0)
        {
            var takes = command.Arguments.Count == 0 ? "no arguments" : string.Join(" ", command.Arguments.Select(a => a.Name.ToUpperInvariant()));
            return $"unexpected argument '{unmatched[0]}' for {path}, which takes {takes} {help}";
        }

        return $"{parsed.Errors[0].Message.ReplaceLineEndings(" ").TrimEnd('.')} {help}";
    }

    private static string? FirstError(ParseResult parsed, Func<SymbolResult?, bool> where) =>
        parsed.Errors.FirstOrDefault(e => where(e.SymbolResult))?.Message.ReplaceLineEndings(" ");

    private static string HelpName(Option option) => option.HelpName is { } name ? $" ({name})" : "";

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? ReleaseCli.Name : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    // The command's own options and the recursive ones of its parents (--address, --json...).
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        yield return "--help";
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult c)
            {
                foreach (var option in c.Command.Options.Where(o => current == result || o.Recursive))
                {
                    yield return option.Name;
                }
            }
        }
    }

    private static string Suggestion(string typed, IReadOnlyCollection<string> candidates)
    {
        var word = typed.TrimStart('-').ToLowerInvariant();
        var best = candidates
            .Select(c => (Name: c, Word: c.TrimStart('-').ToLowerInvariant()))
            .Select(c => (c.Name, Prefix: word.Length > 1 && c.Word.StartsWith(word, StringComparison.Ordinal), Distance: NearestName.Distance(word, c.Word), c.Word.Length))
            .Where(c => c.Prefix || c.Distance <= Math.Max(1, c.Length / 3))
            .OrderBy(c => c.Prefix ? 0 : 1)
            .ThenBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $"; did you mean '{best.Name}'?";
    }
}
