namespace Release.Analytics.Store;

/// <summary>An onboarded project and when its history was last read.</summary>
/// <param name="LastPull">Null until a first collection has finished.</param>
public sealed record StoredProject(string Slug, DateTimeOffset? LastPull);

/// <summary>A CircleCI pipeline (<c>GET /project/{slug}/pipeline</c>), keyed by its id.</summary>
/// <param name="State">CircleCI's pipeline state: created, errored, setup-pending, setup, pending.</param>
public sealed record StoredPipeline(
    string Id,
    string ProjectSlug,
    long Number,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt = null,
    string? Branch = null,
    string? Revision = null,
    string? TriggerType = null,
    string? Actor = null);

/// <summary>A workflow of a pipeline (<c>GET /pipeline/{id}/workflow</c>), keyed by its id.</summary>
/// <param name="Status">success, running, not_run, failed, error, failing, on_hold, canceled, unauthorized.</param>
public sealed record StoredWorkflow(
    string Id,
    string PipelineId,
    string ProjectSlug,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StoppedAt = null);

/// <summary>
/// A job of a workflow (<c>GET /workflow/{id}/job</c>) with its details
/// (<c>GET /project/{slug}/job/{number}</c>), keyed by its id. The details are null until read;
/// an upsert without them keeps those already stored.
/// </summary>
/// <param name="Number">Null for an approval job, which has no number.</param>
/// <param name="Duration">CircleCI's own figure (the job's run time).</param>
public sealed record StoredJob(
    string Id,
    string WorkflowId,
    string ProjectSlug,
    string Name,
    string Status,
    long? Number = null,
    string? Type = null,
    string? ResourceClass = null,
    string? Executor = null,
    int? Parallelism = null,
    TimeSpan? Duration = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? QueuedAt = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? StoppedAt = null);

/// <summary>
/// CircleCI's insights summary of one workflow (<see cref="JobName"/> null) or one job of it over a
/// reporting window (last-30-days...), as collected at <see cref="CollectedAt"/>.
/// </summary>
/// <param name="CreditsUsed">Null when the plan does not report credits.</param>
/// <param name="Median">Of the window's successful runs; null when there were none.</param>
public sealed record StoredInsight(
    string ProjectSlug,
    string WorkflowName,
    string? JobName,
    string ReportingWindow,
    long TotalRuns,
    long SuccessfulRuns,
    long FailedRuns,
    long? CreditsUsed,
    TimeSpan? Median,
    TimeSpan? P95,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    DateTimeOffset CollectedAt);

/// <summary>How many rows each table holds.</summary>
public sealed record StoreCounts(long Projects, long Pipelines, long Workflows, long Jobs);
