using System.Text.RegularExpressions;

namespace Release.Activities.CircleCi;

/// <summary>
/// Masks secrets in a job's output before it leaves the client: the CircleCI token itself, and
/// values that look secret by their name (<c>export X_TOKEN=...</c>, <c>DB_PASSWORD: ...</c>,
/// <c>Authorization: Bearer ...</c>). Build output echoes commands and environments, and a report
/// or workflow history must never carry them. Masking too much (a PASSWORD_LENGTH) is the safe side.
/// </summary>
internal sealed partial class StepOutputRedactor(string token)
{
    public const string Mask = "***";

    public string Redact(string line)
    {
        if (token.Length > 0)
        {
            line = line.Replace(token, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(token);
            if (escaped != token)
            {
                line = line.Replace(escaped, Mask, StringComparison.Ordinal);
            }
        }

        line = SecretAssignment().Replace(line, m => m.Groups["name"].Value + Mask);
        return Bearer().Replace(line, m => m.Groups["scheme"].Value + Mask);
    }

    // NAME=value, NAME: value, NAME="two words"; the name holds a secret-sounding word anywhere.
    [GeneratedRegex(
        """(?<name>\b[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|authorization)[A-Za-z0-9_.-]*["']?\s*[:=]\s*(?:(?:bearer|basic|token)\s+)?)(?:"[^"]*"?|'[^']*'?|\S+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex("""(?<scheme>\bbearer\s+)[A-Za-z0-9\-._~+/]+=*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();
}
