namespace Release.Analytics.Store;

/// <summary>
/// A job with the workflow and pipeline it ran in: what telling a rerun of the same commit apart
/// (flaky jobs) and pricing a workflow (cost) need.
/// </summary>
/// <param name="WorkflowName">Null when the job's workflow is not stored.</param>
/// <param name="PipelineId">Null when the job's workflow is not stored.</param>
/// <param name="Revision">The commit the pipeline built; null when its pipeline is not stored or CircleCI gave none.</param>
public sealed record StoredJobRun(StoredJob Job, string? WorkflowName, string? PipelineId, string? Revision);
