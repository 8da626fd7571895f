using System.Globalization;

namespace Release.Logging.Configuration;

/// <summary>Durations as people write them in environment variables: 30s, 500ms, 2m, 1h or 00:00:30.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var units = new (string Suffix, double Milliseconds)[] { ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000) };
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && double.IsFinite(amount))
            {
                value = TimeSpan.FromMilliseconds(amount * ms);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>In the largest unit that states it exactly: 1h, 10m, 30s, 500ms.</summary>
    public static string Format(TimeSpan value)
    {
        var units = new (string Suffix, TimeSpan Size)[] { ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) };
        foreach (var (suffix, size) in units)
        {
            if (value >= size && value.Ticks % size.Ticks == 0)
            {
                return $"{(value.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture)}{suffix}";
            }
        }

        return $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }
}
