using Release.Workflows.Manifest;

namespace Release.Workflows.Release.Reports;

/// <summary>What the release knows about a stage when it asks for its report.</summary>
public sealed record StageSnapshotRequest(
    ReleaseRef Release,
    StageRef Stage,
    string Outcome,
    string Reason,
    DateTimeOffset StartedAt,
    IReadOnlyList<StageComponent> Components);

public sealed record StageComponent(PlannedComponent Planned, string Branch, ComponentResult Result);

/// <summary>The release's result: every stage report, in order.</summary>
public sealed record ReleaseSummary(
    string ReleaseName,
    string ReleaseVersion,
    string Outcome,
    string Reason,
    IReadOnlyList<StageReport> Stages);
