using System.Globalization;

namespace Release.Api.Dashboard;

/// <summary>How statuses, times and durations read on the pages: a status is always a word and a colour, never a colour alone.</summary>
internal static class Formats
{
    public static Markup Status(string status) => Html.Of($"""<span class="status {Tone(status)}">{Label(status)}</span>""");

    /// <summary>The colour family of a status; unknown statuses (Temporal may add some) are neutral.</summary>
    public static string Tone(string status) => status switch
    {
        "succeeded" or "dry_run" => "tone-ok",
        "failed" or "terminated" or "timed_out" => "tone-bad",
        "aborted" or "canceled" or "stopped" => "tone-stop",
        "running" or "starting" => "tone-run",
        "awaiting_decision" or "awaiting_approval" => "tone-wait",
        "skipped" or "not_started" or "pending" or "queued" => "tone-idle",
        _ => "tone-idle",
    };

    public static string Label(string status) => status switch
    {
        "dry_run" => "dry run",
        "timed_out" => "timed out",
        "not_started" => "not started",
        "awaiting_decision" => "waiting for a decision",
        "awaiting_approval" => "waiting for approval",
        _ => status.Replace('_', ' '),
    };

    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s) || s < 0)
        {
            return "–";
        }

        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:00} s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds} s");
    }

    /// <summary>A time as a &lt;time&gt; element: UTC text for people, the ISO instant for machines.</summary>
    public static Markup Time(DateTimeOffset? at) => at is { } t
        ? Html.Of($"""<time datetime="{t.UtcDateTime:O}">{t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</time>""")
        : Html.Of($"–");
}
