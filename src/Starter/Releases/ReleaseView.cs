using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Starter.Releases;

/// <summary>The rows of the progress table, whether they come from the progress query or the final reports.</summary>
public sealed record ReleaseView(string Status, IReadOnlyList<StageRow> Stages)
{
    /// <summary>A stage or component the release never reached: the report's own word, so every view agrees.</summary>
    public const string NotRun = ComponentOutcomes.NotStarted;

    public static ReleaseView FromProgress(ReleaseProgress progress, Func<string, string, TimeSpan?>? elapsed = null) => new(
        progress.Status,
        progress.Stages.Select(s => new StageRow(
            s.Index,
            s.Status,
            s.Components.Select(c => new ComponentRow(c.Name, c.Status, c.PipelineNumber, c.Link, elapsed?.Invoke(c.Name, c.Status))).ToList())).ToList());

    /// <summary>A closed release: reported stages as reported, later stages of the plan as not run.</summary>
    /// <param name="missing">The status of a stage that has no report (e.g. not run, or unknown).</param>
    public static ReleaseView FromSummary(ExecutionPlan plan, string status, ReleaseSummary? summary, string missing = NotRun)
    {
        var reports = (summary?.Stages ?? []).ToDictionary(r => r.Stage.Index);
        return new ReleaseView(
            status,
            plan.Stages.Select(stage => reports.TryGetValue(stage.Index, out var report)
                ? FromReport(report)
                : new StageRow(stage.Index, missing, stage.Components.Select(c => new ComponentRow(c.Name, missing, null, null, null)).ToList()))
            .ToList());
    }

    private static StageRow FromReport(StageReport report) => new(
        report.Stage.Index,
        report.Outcome,
        report.Components.Select(c => new ComponentRow(
            c.Name,
            c.Outcome,
            c.Pipeline?.Number,
            c.Pipeline?.WebUrl,
            c.Pipeline?.Timings.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null)).ToList());
}

public sealed record StageRow(int Index, string Status, IReadOnlyList<ComponentRow> Components);

/// <param name="Elapsed">Time the pipeline ran (or has run so far); null when unknown.</param>
public sealed record ComponentRow(string Name, string Status, long? PipelineNumber, string? Link, TimeSpan? Elapsed);
