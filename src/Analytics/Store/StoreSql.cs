namespace Release.Analytics.Store;

/// <summary>
/// The statements of the query layer. <c>INSERT ... ON CONFLICT ... DO UPDATE</c> with
/// <c>excluded</c> is the same in SQLite (3.24 and later) and PostgreSQL (9.5 and later).
/// </summary>
internal static class StoreSql
{
    // Workflow statuses after which nothing changes; a workflow in any other (running, on_hold,
    // failing) keeps its pipeline to be read again.
    private const string TerminalWorkflow = "'success', 'failed', 'error', 'canceled', 'unauthorized', 'not_run'";

    public const string AddProject = "INSERT INTO projects (slug, last_pull_ms) VALUES (@Slug, NULL) ON CONFLICT (slug) DO NOTHING";

    public const string SetLastPull = """
        INSERT INTO projects (slug, last_pull_ms) VALUES (@Slug, @LastPullMs)
        ON CONFLICT (slug) DO UPDATE SET last_pull_ms = excluded.last_pull_ms
        """;

    public const string Projects = $"SELECT {ProjectRow.Columns} FROM projects ORDER BY slug";

    public const string Project = $"SELECT {ProjectRow.Columns} FROM projects WHERE slug = @Slug";

    // A value CircleCI leaves out of one answer (null here) does not erase the one stored.
    public const string UpsertPipeline = """
        INSERT INTO pipelines (id, project_slug, number, state, created_ms, updated_ms, branch, revision, trigger_type, actor)
        VALUES (@Id, @ProjectSlug, @Number, @State, @CreatedMs, @UpdatedMs, @Branch, @Revision, @TriggerType, @Actor)
        ON CONFLICT (id) DO UPDATE SET
            project_slug = excluded.project_slug,
            number = excluded.number,
            state = excluded.state,
            created_ms = excluded.created_ms,
            updated_ms = COALESCE(excluded.updated_ms, pipelines.updated_ms),
            branch = COALESCE(excluded.branch, pipelines.branch),
            revision = COALESCE(excluded.revision, pipelines.revision),
            trigger_type = COALESCE(excluded.trigger_type, pipelines.trigger_type),
            actor = COALESCE(excluded.actor, pipelines.actor)
        """;

    public const string UpsertWorkflow = """
        INSERT INTO workflows (id, pipeline_id, project_slug, name, status, created_ms, stopped_ms)
        VALUES (@Id, @PipelineId, @ProjectSlug, @Name, @Status, @CreatedMs, @StoppedMs)
        ON CONFLICT (id) DO UPDATE SET
            pipeline_id = excluded.pipeline_id,
            project_slug = excluded.project_slug,
            name = excluded.name,
            status = excluded.status,
            created_ms = excluded.created_ms,
            stopped_ms = COALESCE(excluded.stopped_ms, workflows.stopped_ms)
        """;

    // The job list gives a job without its details; the details call adds them. Either order
    // leaves the row complete.
    public const string UpsertJob = """
        INSERT INTO jobs (id, workflow_id, project_slug, name, status, number, type, resource_class, executor,
                          parallelism, duration_ms, created_ms, queued_ms, started_ms, stopped_ms)
        VALUES (@Id, @WorkflowId, @ProjectSlug, @Name, @Status, @Number, @Type, @ResourceClass, @Executor,
                @Parallelism, @DurationMs, @CreatedMs, @QueuedMs, @StartedMs, @StoppedMs)
        ON CONFLICT (id) DO UPDATE SET
            workflow_id = excluded.workflow_id,
            project_slug = excluded.project_slug,
            name = excluded.name,
            status = excluded.status,
            number = COALESCE(excluded.number, jobs.number),
            type = COALESCE(excluded.type, jobs.type),
            resource_class = COALESCE(excluded.resource_class, jobs.resource_class),
            executor = COALESCE(excluded.executor, jobs.executor),
            parallelism = COALESCE(excluded.parallelism, jobs.parallelism),
            duration_ms = COALESCE(excluded.duration_ms, jobs.duration_ms),
            created_ms = COALESCE(excluded.created_ms, jobs.created_ms),
            queued_ms = COALESCE(excluded.queued_ms, jobs.queued_ms),
            started_ms = COALESCE(excluded.started_ms, jobs.started_ms),
            stopped_ms = COALESCE(excluded.stopped_ms, jobs.stopped_ms)
        """;

    public const string Pipeline = $"SELECT {PipelineRow.Columns} FROM pipelines WHERE id = @Id";

    public const string Workflow = $"SELECT {WorkflowRow.Columns} FROM workflows WHERE id = @Id";

    public const string Job = $"SELECT {JobRow.Columns} FROM jobs WHERE id = @Id";

    // Not terminal: not errored, and either no workflow read yet or one still going.
    public const string RunningPipelines = $"""
        SELECT {PipelineRow.Columns} FROM pipelines p
        WHERE p.project_slug = @Slug
          AND p.created_ms >= @SinceMs
          AND p.state <> 'errored'
          AND (NOT EXISTS (SELECT 1 FROM workflows w WHERE w.pipeline_id = p.id)
               OR EXISTS (SELECT 1 FROM workflows w WHERE w.pipeline_id = p.id AND w.status NOT IN ({TerminalWorkflow})))
        ORDER BY p.created_ms, p.number
        """;

    public const string JobsStarted = $"""
        SELECT {JobRow.Columns} FROM jobs
        WHERE project_slug = @Slug AND started_ms >= @FromMs AND started_ms < @ToMs
        ORDER BY started_ms, id
        """;

    public const string Counts = """
        SELECT (SELECT COUNT(*) FROM projects) AS Projects, (SELECT COUNT(*) FROM pipelines) AS Pipelines,
               (SELECT COUNT(*) FROM workflows) AS Workflows, (SELECT COUNT(*) FROM jobs) AS Jobs
        """;

    public const string MigrationCount = "SELECT COUNT(*) FROM schema_migrations";
}
