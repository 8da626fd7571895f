using System.Globalization;
using System.Text;

namespace Release.Workflows.Release;

/// <summary>
/// The release's current details for the Temporal Web UI (<c>Workflow.CurrentDetails</c>): a
/// Markdown table of stages and components with statuses, elapsed times and CircleCI links. It is
/// served by a query, never stored in history, and cut to a readable size for large releases.
/// </summary>
public static class ReleaseDetails
{
    /// <summary>Rows beyond this are summed up in one line: the UI is for reading, the report has everything.</summary>
    public const int MaxRows = 200;

    public static string Markdown(string releaseName, ReleaseProgress progress, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{Escape(releaseName)}**: {progress.Status}");
        if (progress.Schedule is { } schedule)
        {
            text.Append(CultureInfo.InvariantCulture, $", schedule {schedule.ToString().ToLowerInvariant()}");
        }

        if (progress.Eta is { EndsAt: { } ends } eta)
        {
            var late = eta.LateAt is { } bound && bound > ends ? $" (p95 {Clock(bound)})" : "";
            var partial = eta.Partial ? $", without {eta.Unknown.Count} component(s) that have no history" : "";
            text.Append(CultureInfo.InvariantCulture, $", expected to end ~{Clock(ends)} UTC{late}{partial}");
        }

        text.Append("\n\n");
        foreach (var waiting in progress.Waiting ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"Waiting for {waiting.Kind}: {Escape(waiting.Reason)}\n\n");
        }

        text.Append("| Stage | Component | Status | Elapsed | Pipeline |\n|---|---|---|---|---|\n");
        var rows = progress.Stages.SelectMany(s => s.Components.Select(c => (Stage: s, Component: c))).ToList();
        foreach (var (stage, component) in rows.Take(MaxRows))
        {
            var elapsed = component.ElapsedAt(now) is { } time ? Control.Durations.Describe(time) : "";
            var pipeline = component.Link is { } link && component.PipelineNumber is { } number ? $"[#{number}]({link})" : "";
            text.Append(CultureInfo.InvariantCulture, $"| {stage.Index} | {Escape(component.Name)} | {component.Status} | {elapsed} | {pipeline} |\n");
        }

        if (rows.Count > MaxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n… and {rows.Count - MaxRows} more components (`release status` lists them all).\n");
        }

        return text.ToString();
    }

    private static string Clock(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A summary line for the UI, cut short: names and versions come from manifests.</summary>
    public static string Summary(string text) => TextCut.Cut(text, 200);

    // Names come from manifests: a pipe or a bracket must not break the table or make a link.
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal)
            .Replace("]", "\\]", StringComparison.Ordinal)
            .ReplaceLineEndings(" ");
}
