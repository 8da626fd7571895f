using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;

namespace Release.Workflows.Release.Reports;

/// <summary>What the release knows about a stage when it asks for its report.</summary>
/// <param name="Reason">The headline: the report's reason adds the failed jobs and what to re-run.</param>
/// <param name="FailedComponent">The component whose failure stopped the stage, if one did.</param>
/// <param name="Verdict">How the watch judged pipelines, to judge the ones it stopped watching the same way.</param>
public sealed record StageSnapshotRequest(
    ReleaseRef Release,
    StageRef Stage,
    string Outcome,
    string Reason,
    DateTimeOffset StartedAt,
    IReadOnlyList<StageComponent> Components,
    string? FailedComponent = null,
    VerdictPolicy? Verdict = null);

public sealed record StageComponent(PlannedComponent Planned, string Branch, ComponentResult Result);

/// <summary>The release's result: every stage report, in order.</summary>
public sealed record ReleaseSummary(
    string ReleaseName,
    string ReleaseVersion,
    string Outcome,
    string Reason,
    IReadOnlyList<StageReport> Stages);
