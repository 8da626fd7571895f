using System.Globalization;
using System.Net;

namespace Release.CircleCiSimulator;

/// <summary>
/// Reads option values the command line took as text, so a bad one is refused in plain words
/// ("--port must be a whole number") rather than with a parser's type names.
/// </summary>
internal static class OptionValues
{
    public static int Port(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new UsageException($"{name} must be a whole number from 0 to 65535 (0 picks a free port), not '{text}'");

    public static int AtLeastOne(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new UsageException($"{name} must be a whole number of at least 1, not '{text}'");

    public static double Positive(string name, string text, string example) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new UsageException($"{name} must be a positive number such as {example}, not '{text}'");

    public static string Ip(string name, string text) =>
        IPAddress.TryParse(text, out _)
            ? text
            : throw new UsageException($"{name} must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{text}'");

    public static Uri HttpUrl(string name, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"{name} must be an absolute http:// or https:// URL such as http://127.0.0.1:8088/circleci/webhook, not '{text}'");
}
