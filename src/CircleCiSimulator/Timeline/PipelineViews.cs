namespace Release.CircleCiSimulator;

/// <summary>A pipeline as seen at one instant.</summary>
internal sealed record PipelineView(PipelineRun Run, string State, DateTimeOffset UpdatedAt, IReadOnlyList<WorkflowView> Workflows);

internal sealed record WorkflowView(
    WorkflowPlan Plan,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StoppedAt,
    bool CanceledByUser,
    IReadOnlyList<JobView> Jobs);

internal sealed record JobView(
    JobPlan Plan,
    string Status,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    bool Approved);
