using System.Text.Encodings.Web;
using System.Text.Unicode;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Ui;

/// <summary>
/// Encoding and small fragments shared by the pages. Everything that comes from a workflow (ids, types,
/// payloads, failure messages) or from the request passes through <see cref="E"/> or <see cref="Url"/>:
/// workflow data is user-controlled and the pages must never turn it into markup.
/// </summary>
internal static class Html
{
    // All of Unicode stays readable; only characters that mean something in HTML become entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text for an element body or a quoted attribute value.</summary>
    public static string E(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);

    /// <summary>A path with query parameters, each value URL-encoded; null or empty values are left out.</summary>
    public static string Url(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value))
            .Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}");
        var joined = string.Join('&', parts);
        return joined.Length == 0 ? path : $"{path}?{joined}";
    }

    public static string WorkflowUrl(string ns, string workflowId, string? runId) =>
        Url("/workflow", ("namespace", ns), ("workflowId", workflowId), ("runId", runId));

    public static string ListUrl(string ns, string? query = null) => Url("/", ("namespace", ns), ("query", query));

    public static string Link(string href, string? text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    public static string Time(Timestamp? timestamp) =>
        timestamp is null || (timestamp.Seconds == 0 && timestamp.Nanos == 0)
            ? "<span class=\"muted\">—</span>"
            : $"<time datetime=\"{timestamp.ToDateTime():O}\">{timestamp.ToDateTime():yyyy-MM-dd HH:mm:ss.fff} UTC</time>";

    public static string Time(DateTime? time) =>
        time is null ? "<span class=\"muted\">—</span>" : Time(Timestamp.FromDateTime(DateTime.SpecifyKind(time.Value, DateTimeKind.Utc)));

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{span.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } => $"{span.TotalSeconds:0.##} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    public static string StatusName(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Running => "Running",
        WorkflowExecutionStatus.Completed => "Completed",
        WorkflowExecutionStatus.Failed => "Failed",
        WorkflowExecutionStatus.Canceled => "Canceled",
        WorkflowExecutionStatus.Terminated => "Terminated",
        WorkflowExecutionStatus.ContinuedAsNew => "Continued as new",
        WorkflowExecutionStatus.TimedOut => "Timed out",
        WorkflowExecutionStatus.Paused => "Paused",
        _ => "Unknown",
    };

    /// <summary>The coloured status label; the CSS class carries the colour.</summary>
    public static string StatusBadge(WorkflowExecutionStatus status) =>
        $"<span class=\"badge status-{status.ToString().ToLowerInvariant()}\">{StatusName(status)}</span>";
}
