using System.Globalization;

namespace Release.Workflows.Release.Control;

/// <summary>Durations as the operator reads them in messages: 45s, 12m30s, 3h05m.</summary>
public static class Durations
{
    public static string Describe(TimeSpan duration) => duration switch
    {
        { TotalHours: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h{d.Minutes:00}m"),
        { TotalMinutes: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m{d.Seconds:00}s"),
        var d => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)d.TotalSeconds)}s"),
    };
}
