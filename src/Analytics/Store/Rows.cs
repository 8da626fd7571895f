namespace Release.Analytics.Store;

// What Dapper reads a row into: the columns as stored (times in unix milliseconds, every integer
// a long, since SQLite has only the one integer type), turned into the public records after.

internal sealed class ProjectRow
{
    public const string Columns = "slug AS Slug, last_pull_ms AS LastPullMs";

    public string Slug { get; set; } = "";

    public long? LastPullMs { get; set; }

    public StoredProject ToRecord() => new(Slug, UnixMillis.To(LastPullMs));
}

internal sealed class PipelineRow
{
    public const string Columns = """
        id AS Id, project_slug AS ProjectSlug, number AS Number, state AS State, created_ms AS CreatedMs,
        updated_ms AS UpdatedMs, branch AS Branch, revision AS Revision, trigger_type AS TriggerType, actor AS Actor
        """;

    public string Id { get; set; } = "";

    public string ProjectSlug { get; set; } = "";

    public long Number { get; set; }

    public string State { get; set; } = "";

    public long CreatedMs { get; set; }

    public long? UpdatedMs { get; set; }

    public string? Branch { get; set; }

    public string? Revision { get; set; }

    public string? TriggerType { get; set; }

    public string? Actor { get; set; }

    public static object Parameters(StoredPipeline p) => new
    {
        p.Id,
        p.ProjectSlug,
        p.Number,
        p.State,
        CreatedMs = UnixMillis.From(p.CreatedAt),
        UpdatedMs = UnixMillis.From(p.UpdatedAt),
        p.Branch,
        p.Revision,
        p.TriggerType,
        p.Actor,
    };

    public StoredPipeline ToRecord() =>
        new(Id, ProjectSlug, Number, State, UnixMillis.To(CreatedMs), UnixMillis.To(UpdatedMs), Branch, Revision, TriggerType, Actor);
}

internal sealed class WorkflowRow
{
    public const string Columns = """
        id AS Id, pipeline_id AS PipelineId, project_slug AS ProjectSlug, name AS Name, status AS Status,
        created_ms AS CreatedMs, stopped_ms AS StoppedMs
        """;

    public string Id { get; set; } = "";

    public string PipelineId { get; set; } = "";

    public string ProjectSlug { get; set; } = "";

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public long CreatedMs { get; set; }

    public long? StoppedMs { get; set; }

    public static object Parameters(StoredWorkflow w) => new
    {
        w.Id,
        w.PipelineId,
        w.ProjectSlug,
        w.Name,
        w.Status,
        CreatedMs = UnixMillis.From(w.CreatedAt),
        StoppedMs = UnixMillis.From(w.StoppedAt),
    };

    public StoredWorkflow ToRecord() => new(Id, PipelineId, ProjectSlug, Name, Status, UnixMillis.To(CreatedMs), UnixMillis.To(StoppedMs));
}

// Not sealed: a job read with where it ran (JobRunRow) is a job row with three more columns.
internal class JobRow
{
    public const string Columns = """
        id AS Id, workflow_id AS WorkflowId, project_slug AS ProjectSlug, name AS Name, status AS Status,
        number AS Number, type AS Type, resource_class AS ResourceClass, executor AS Executor,
        parallelism AS Parallelism, duration_ms AS DurationMs, created_ms AS CreatedMs, queued_ms AS QueuedMs,
        started_ms AS StartedMs, stopped_ms AS StoppedMs
        """;

    public string Id { get; set; } = "";

    public string WorkflowId { get; set; } = "";

    public string ProjectSlug { get; set; } = "";

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public long? Number { get; set; }

    public string? Type { get; set; }

    public string? ResourceClass { get; set; }

    public string? Executor { get; set; }

    public long? Parallelism { get; set; }

    public long? DurationMs { get; set; }

    public long? CreatedMs { get; set; }

    public long? QueuedMs { get; set; }

    public long? StartedMs { get; set; }

    public long? StoppedMs { get; set; }

    public static object Parameters(StoredJob j) => new
    {
        j.Id,
        j.WorkflowId,
        j.ProjectSlug,
        j.Name,
        j.Status,
        j.Number,
        j.Type,
        j.ResourceClass,
        j.Executor,
        Parallelism = (long?)j.Parallelism,
        DurationMs = j.Duration is { } d ? (long?)(long)d.TotalMilliseconds : null,
        CreatedMs = UnixMillis.From(j.CreatedAt),
        QueuedMs = UnixMillis.From(j.QueuedAt),
        StartedMs = UnixMillis.From(j.StartedAt),
        StoppedMs = UnixMillis.From(j.StoppedAt),
    };

    public StoredJob ToRecord() => new(
        Id, WorkflowId, ProjectSlug, Name, Status, Number, Type, ResourceClass, Executor,
        Parallelism is { } p ? (int)p : null,
        DurationMs is { } d ? TimeSpan.FromMilliseconds(d) : null,
        UnixMillis.To(CreatedMs), UnixMillis.To(QueuedMs), UnixMillis.To(StartedMs), UnixMillis.To(StoppedMs));
}

internal sealed class InsightRow
{
    public const string Columns = """
        project_slug AS ProjectSlug, workflow_name AS WorkflowName, job_name AS JobName, reporting_window AS ReportingWindow,
        total_runs AS TotalRuns, successful_runs AS SuccessfulRuns, failed_runs AS FailedRuns, credits_used AS CreditsUsed,
        median_ms AS MedianMs, p95_ms AS P95Ms, window_start_ms AS WindowStartMs, window_end_ms AS WindowEndMs, collected_ms AS CollectedMs
        """;

    public string ProjectSlug { get; set; } = "";

    public string WorkflowName { get; set; } = "";

    public string JobName { get; set; } = "";

    public string ReportingWindow { get; set; } = "";

    public long TotalRuns { get; set; }

    public long SuccessfulRuns { get; set; }

    public long FailedRuns { get; set; }

    public long? CreditsUsed { get; set; }

    public long? MedianMs { get; set; }

    public long? P95Ms { get; set; }

    public long? WindowStartMs { get; set; }

    public long? WindowEndMs { get; set; }

    public long CollectedMs { get; set; }

    public static object Parameters(StoredInsight i) => new
    {
        i.ProjectSlug,
        i.WorkflowName,
        JobName = i.JobName ?? "",
        i.ReportingWindow,
        i.TotalRuns,
        i.SuccessfulRuns,
        i.FailedRuns,
        i.CreditsUsed,
        MedianMs = i.Median is { } median ? (long?)median.TotalMilliseconds : null,
        P95Ms = i.P95 is { } p95 ? (long?)p95.TotalMilliseconds : null,
        WindowStartMs = UnixMillis.From(i.WindowStart),
        WindowEndMs = UnixMillis.From(i.WindowEnd),
        CollectedMs = UnixMillis.From(i.CollectedAt),
    };

    public StoredInsight ToRecord() => new(
        ProjectSlug,
        WorkflowName,
        JobName.Length == 0 ? null : JobName,
        ReportingWindow,
        TotalRuns,
        SuccessfulRuns,
        FailedRuns,
        CreditsUsed,
        MedianMs is { } median ? TimeSpan.FromMilliseconds(median) : null,
        P95Ms is { } p95 ? TimeSpan.FromMilliseconds(p95) : null,
        UnixMillis.To(WindowStartMs),
        UnixMillis.To(WindowEndMs),
        UnixMillis.To(CollectedMs));
}
