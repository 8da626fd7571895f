using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>The rows of the progress table, whether they come from the progress query or the final reports.</summary>
/// <param name="Control">What operators did and what the release waits for; null when nothing says (older releases).</param>
public sealed record ReleaseView(string Status, IReadOnlyList<StageRow> Stages, ReleaseControl? Control = null)
{
    /// <summary>A stage or component the release never reached: the report's own word, so every view agrees.</summary>
    public const string NotRun = ComponentOutcomes.NotStarted;

    /// <param name="now">Measures the components still running; null leaves their elapsed out (a document that changes only when the release does).</param>
    /// <param name="elapsed">For components the query gives no times for (older workers): the caller's own measure.</param>
    public static ReleaseView FromProgress(ReleaseProgress progress, DateTimeOffset? now, Func<string, string, TimeSpan?>? elapsed = null) => new(
        progress.Status,
        progress.Stages.Select(s => new StageRow(
            s.Index,
            s.Status,
            s.Components.Select(c => new ComponentRow(
                c.Name, c.Status, c.PipelineNumber, c.Link, c.ElapsedAt(now) ?? elapsed?.Invoke(c.Name, c.Status))
            {
                TriggeredAt = c.TriggeredAt,
            }).ToList())
        { Eta = s.Eta }).ToList(),
        new ReleaseControl(progress.Schedule, progress.Waiting ?? [], progress.Paused, [], progress.Actions ?? []))
    { Eta = progress.Eta };

    /// <summary>When the running release is expected to end; null without expected durations.</summary>
    public Eta? Eta { get; init; }

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
            .ToList(),
            summary is null ? null : new ReleaseControl(summary.Schedule, [], null, summary.Pauses ?? [], summary.Actions ?? []));
    }

    /// <summary>A digest's succeeded components are lines only (no link or duration); the rest are whole.</summary>
    private static StageRow FromReport(StageReport report)
    {
        var whole = report.Components.ToDictionary(c => c.Name);
        return new(
            report.Stage.Index,
            report.Outcome,
            report.Outcomes().Select(line => whole.TryGetValue(line.Name, out var c)
                ? new ComponentRow(
                    c.Name,
                    c.Outcome,
                    c.Pipeline?.Number,
                    c.Pipeline?.WebUrl,
                    c.Pipeline?.Timings.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null)
                {
                    ReusedFrom = c.ReusedFrom,
                    Decision = c.Decision,
                }
                : new ComponentRow(line.Name, line.Outcome, line.PipelineNumber, null, null)).ToList());
    }
}

public sealed record StageRow(int Index, string Status, IReadOnlyList<ComponentRow> Components)
{
    /// <summary>When the stage is expected to end (from the progress query); null once ended or without history.</summary>
    public Eta? Eta { get; init; }
}

/// <param name="Elapsed">Time the pipeline ran (or has run so far); null when unknown.</param>
public sealed record ComponentRow(string Name, string Status, long? PipelineNumber, string? Link, TimeSpan? Elapsed)
{
    /// <summary>From the progress query: when this run's pipeline was triggered (so a running one can be timed as it is shown).</summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>From the stage report: the earlier run whose pipeline this run reused.</summary>
    public ReusedFrom? ReusedFrom { get; init; }

    /// <summary>From the stage report: the operator's last decision about it.</summary>
    public OperatorAction? Decision { get; init; }
}

/// <summary>The operator's side of a release: its schedule, what it waits for, its pauses and every action taken.</summary>
/// <param name="Paused">The pause in force, while running.</param>
/// <param name="Pauses">Every pause, once the release closed.</param>
public sealed record ReleaseControl(
    ReleaseSchedule? Schedule,
    IReadOnlyList<WaitingFor> Waiting,
    PausePeriod? Paused,
    IReadOnlyList<PausePeriod> Pauses,
    IReadOnlyList<OperatorAction> Actions);
