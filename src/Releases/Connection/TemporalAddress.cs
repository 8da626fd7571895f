using System.Globalization;

namespace Release.Releases.Connection;

/// <summary>The shape of a Temporal frontend address, checked before connecting so a typo is a usage error, not "cannot reach".</summary>
public static class TemporalAddress
{
    /// <summary>What is wrong with <paramref name="address"/> (to follow its setting's name), or null when it is host:port.</summary>
    public static string? Problem(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Contains("://", StringComparison.Ordinal))
        {
            return $"is '{address}'; give host:port without a scheme, e.g. localhost:7233.";
        }

        var colon = address.LastIndexOf(':');
        var host = colon > 0 ? address[..colon].Trim('[', ']') : "";
        // Letters, digits, dots, dashes (underscores: compose service names), colons inside [IPv6].
        var validHost = host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':');
        if (!validHost || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"is '{address}', not host:port (e.g. localhost:7233).";
        }

        return null;
    }
}
