using System.Globalization;

namespace Release.Analytics.Stats;

/// <summary>
/// A duration in the two largest units that matter: 30d, 2d03h, 2h05m, 3m07s, 45s, 0.4s. Stats span
/// days and weeks, where hours alone ("720h00m") make a reader divide by 24.
/// </summary>
public static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        var d = duration.Duration();
        var sign = duration < TimeSpan.Zero ? "-" : "";
        var text = d switch
        {
            { TotalDays: >= 1 } when d.Hours == 0 => $"{(int)d.TotalDays}d",
            { TotalDays: >= 1 } => $"{(int)d.TotalDays}d{d.Hours:00}h",
            { TotalHours: >= 1 } => $"{d.Hours}h{d.Minutes:00}m",
            { TotalMinutes: >= 1 } => $"{d.Minutes}m{d.Seconds:00}s",
            { TotalSeconds: >= 10 } => $"{d.Seconds}s",
            _ => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#}s"),
        };
        return sign + text;
    }

    public static string Format(TimeSpan? duration) => duration is { } d ? Format(d) : "";
}
