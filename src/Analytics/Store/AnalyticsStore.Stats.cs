namespace Release.Analytics.Store;

// The reads of `release stats`: a window's workflows, and its jobs with where they ran.
public sealed partial class AnalyticsStore
{
    /// <summary>The project's workflows created in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<StoredWorkflow>> WorkflowsCreatedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<WorkflowRow>(WorkflowsCreated, Window(slug, from, to), cancellationToken)).Select(r => r.ToRecord()).ToList();

    /// <summary>
    /// The project's jobs started in [<paramref name="from"/>, <paramref name="to"/>), in start
    /// order, each with its workflow's name, its pipeline and the pipeline's revision.
    /// </summary>
    public async Task<IReadOnlyList<StoredJobRun>> JobRunsStartedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<JobRunRow>(JobRunsStarted, Window(slug, from, to), cancellationToken)).Select(r => r.ToRun()).ToList();


    private const string WorkflowsCreated = $"""
        SELECT {WorkflowRow.Columns} FROM workflows
        WHERE project_slug = @Slug AND created_ms >= @FromMs AND created_ms < @ToMs
        ORDER BY created_ms, id
        """;

    // LEFT JOINs: a job whose workflow or pipeline was not stored still counts for durations.
    private const string JobRunsStarted = """
        SELECT j.id AS Id, j.workflow_id AS WorkflowId, j.project_slug AS ProjectSlug, j.name AS Name, j.status AS Status,
               j.number AS Number, j.type AS Type, j.resource_class AS ResourceClass, j.executor AS Executor,
               j.parallelism AS Parallelism, j.duration_ms AS DurationMs, j.created_ms AS CreatedMs, j.queued_ms AS QueuedMs,
               j.started_ms AS StartedMs, j.stopped_ms AS StoppedMs,
               w.name AS WorkflowName, w.pipeline_id AS PipelineId, p.revision AS Revision
        FROM jobs j
        LEFT JOIN workflows w ON w.id = j.workflow_id
        LEFT JOIN pipelines p ON p.id = w.pipeline_id
        WHERE j.project_slug = @Slug AND j.started_ms >= @FromMs AND j.started_ms < @ToMs
        ORDER BY j.started_ms, j.id
        """;

    /// <summary>A row of <see cref="JobRunsStarted"/>: a job's columns and where it ran.</summary>
    private sealed class JobRunRow : JobRow
    {
        public string? WorkflowName { get; set; }

        public string? PipelineId { get; set; }

        public string? Revision { get; set; }

        public StoredJobRun ToRun() => new(ToRecord(), WorkflowName, PipelineId, Revision);
    }
}
