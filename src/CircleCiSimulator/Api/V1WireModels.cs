namespace Release.CircleCiSimulator;

// The v1.1 job shape (GET /api/v1.1/project/{vcs}/{org}/{repo}/{job_number}), the part of it
// that tells why a job failed: the job's facts and its steps with their output URLs.

internal sealed record V1JobBody(
    long BuildNum,
    string Status,
    string Lifecycle,
    string? Outcome,
    bool? Failed,
    string BuildUrl,
    string Username,
    string Reponame,
    string VcsRevision,
    string? Branch,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    long? BuildTimeMillis,
    int Parallel,
    V1WorkflowsBody Workflows,
    IReadOnlyList<V1StepBody> Steps);

internal sealed record V1WorkflowsBody(string WorkflowId, string WorkflowName, string JobName, string JobId);

internal sealed record V1StepBody(string Name, IReadOnlyList<V1ActionBody> Actions);

internal sealed record V1ActionBody(
    string Name,
    string Status,
    int? ExitCode,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    long? RunTimeMillis,
    bool? Failed,
    int Index,
    int Step,
    string Type,
    bool HasOutput,
    string? OutputUrl);

internal sealed record OutputChunkBody(string Message, DateTimeOffset Time, string Type);
