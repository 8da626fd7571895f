using System.CommandLine;

namespace Release.Starter.Cli;

/// <summary>The options every operator command shares: why (<c>--reason</c>) and who (<c>--as</c>).</summary>
internal static class OperatorOptions
{
    public static Option<string?> Reason(string description, bool required) => new("--reason")
    {
        Description = description,
        Required = required,
        HelpName = "text",
    };

    public static Option<string?> As() => new("--as")
    {
        Description = "Who asks, as recorded in the report and the actions (default: this client's Temporal identity, pid@host).",
        HelpName = "name",
    };

    /// <summary>The trimmed reason; blank is refused when one is needed, else <paramref name="fallback"/>.</summary>
    public static string ReasonOf(ParseResult parsed, Option<string?> reason, string what, string? fallback = null)
    {
        var given = parsed.GetValue(reason)?.Trim();
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }

        return fallback ?? throw CliException.Usage($"--reason must say why {what}");
    }

    /// <summary>The name given with <c>--as</c>, checked before connecting; null when not given.</summary>
    public static string? AsOf(ParseResult parsed, Option<string?> who)
    {
        var given = parsed.GetValue(who);
        if (given is null)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(given) || given.Any(char.IsControl)
            ? throw CliException.Usage("--as needs a name (e.g. --as alice), or leave it out to use this client's identity")
            : given.Trim();
    }
}
