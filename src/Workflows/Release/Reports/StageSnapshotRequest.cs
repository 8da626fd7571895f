using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;

namespace Release.Workflows.Release.Reports;

/// <summary>What the release knows about a stage when it asks for its report.</summary>
/// <param name="Reason">The headline: the report's reason adds the failed jobs and what to re-run.</param>
/// <param name="FailedComponent">The component whose failure stopped the stage, if one did.</param>
/// <param name="Verdict">How the watch judged pipelines, to judge the ones it stopped watching the same way.</param>
/// <param name="Part">Set when a large stage is snapshotted in slices: <c>Components</c> are this slice's.</param>
public sealed record StageSnapshotRequest(
    ReleaseRef Release,
    StageRef Stage,
    string Outcome,
    string Reason,
    DateTimeOffset StartedAt,
    IReadOnlyList<StageComponent> Components,
    string? FailedComponent = null,
    VerdictPolicy? Verdict = null,
    ReportPart? Part = null);

/// <param name="Reused">Set when an earlier run released it: the report says which run and pipeline.</param>
/// <param name="Decision">The operator's last decision about it, if any.</param>
public sealed record StageComponent(
    PlannedComponent Planned,
    string Branch,
    ComponentResult Result,
    ReusedComponent? Reused = null,
    OperatorAction? Decision = null);

/// <summary>The release's result: every stage report, in order.</summary>
/// <param name="Actions">Every operator action (decisions, approvals, pauses, the resume), oldest first; null in older summaries.</param>
/// <param name="Pauses">Every time the release was paused; null in older summaries.</param>
/// <param name="Schedule">Null in older summaries (stages).</param>
public sealed record ReleaseSummary(
    string ReleaseName,
    string ReleaseVersion,
    string Outcome,
    string Reason,
    IReadOnlyList<StageReport> Stages,
    IReadOnlyList<OperatorAction>? Actions = null,
    IReadOnlyList<PausePeriod>? Pauses = null,
    ReleaseSchedule? Schedule = null);
