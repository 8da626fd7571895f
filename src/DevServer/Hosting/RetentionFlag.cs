using System.Globalization;
using Release.DevServer.Visibility;

namespace Release.DevServer.Hosting;

/// <summary>The value of <c>--retention</c>: a Go-style duration (<c>24h</c>, <c>1h30m</c>, <c>30s</c>) or whole days (<c>7d</c>).</summary>
internal static class RetentionFlag
{
    /// <summary>Ten years: far beyond any real use, and far from date arithmetic overflowing.</summary>
    private const int MaxDays = 3650;

    public static bool TryParse(string? text, out TimeSpan retention)
    {
        retention = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && days <= MaxDays)
        {
            retention = TimeSpan.FromDays(days);
        }
        else if (!DurationText.TryParse(text, out retention))
        {
            return false;
        }
        return retention > TimeSpan.Zero && retention <= TimeSpan.FromDays(MaxDays);
    }
}
