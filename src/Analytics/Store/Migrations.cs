namespace Release.Analytics.Store;

/// <summary>One step of the schema. Once released, a migration is never edited: add the next one.</summary>
internal sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements);

/// <summary>
/// The schema, in SQL that SQLite and PostgreSQL both run as written: TEXT and BIGINT columns
/// only, CircleCI's ids as primary keys (upserts rely on them), times as unix milliseconds.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "projects, pipelines, workflows, jobs",
        [
            """
            CREATE TABLE projects (
                slug TEXT PRIMARY KEY,
                last_pull_ms BIGINT NULL)
            """,
            """
            CREATE TABLE pipelines (
                id TEXT PRIMARY KEY,
                project_slug TEXT NOT NULL,
                number BIGINT NOT NULL,
                state TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                updated_ms BIGINT NULL,
                branch TEXT NULL,
                revision TEXT NULL,
                trigger_type TEXT NULL,
                actor TEXT NULL)
            """,
            "CREATE INDEX pipelines_by_project ON pipelines (project_slug, created_ms)",
            """
            CREATE TABLE workflows (
                id TEXT PRIMARY KEY,
                pipeline_id TEXT NOT NULL,
                project_slug TEXT NOT NULL,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                stopped_ms BIGINT NULL)
            """,
            "CREATE INDEX workflows_by_pipeline ON workflows (pipeline_id)",
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                workflow_id TEXT NOT NULL,
                project_slug TEXT NOT NULL,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                number BIGINT NULL,
                type TEXT NULL,
                resource_class TEXT NULL,
                executor TEXT NULL,
                parallelism BIGINT NULL,
                duration_ms BIGINT NULL,
                created_ms BIGINT NULL,
                queued_ms BIGINT NULL,
                started_ms BIGINT NULL,
                stopped_ms BIGINT NULL)
            """,
            "CREATE INDEX jobs_by_project ON jobs (project_slug, started_ms)",
            "CREATE INDEX jobs_by_workflow ON jobs (workflow_id)",
        ]),
        new(2, "insights: CircleCI's own metrics and credits per workflow and job",
        [
            // job_name is '' on a workflow's own row: a key column cannot be null in both databases alike.
            """
            CREATE TABLE insights (
                project_slug TEXT NOT NULL,
                workflow_name TEXT NOT NULL,
                job_name TEXT NOT NULL,
                reporting_window TEXT NOT NULL,
                total_runs BIGINT NOT NULL,
                successful_runs BIGINT NOT NULL,
                failed_runs BIGINT NOT NULL,
                credits_used BIGINT NULL,
                median_ms BIGINT NULL,
                p95_ms BIGINT NULL,
                window_start_ms BIGINT NULL,
                window_end_ms BIGINT NULL,
                collected_ms BIGINT NOT NULL,
                PRIMARY KEY (project_slug, workflow_name, job_name, reporting_window))
            """,
        ]),
    ];

    public static int Latest => All[^1].Version;
}
