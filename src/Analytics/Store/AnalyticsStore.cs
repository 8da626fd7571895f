using System.Data.Common;
using Dapper;

namespace Release.Analytics.Store;

/// <summary>
/// The CircleCI history the collector writes and the analytics read, in SQLite or PostgreSQL
/// alike. Holds no connection: each call takes one from the provider's pool, so one store serves
/// concurrent callers.
/// </summary>
public sealed partial class AnalyticsStore
{
    private readonly StoreDialect dialect;

    private AnalyticsStore(StoreLocation location, StoreDialect dialect, int schemaVersion)
    {
        Location = location;
        this.dialect = dialect;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Where the store is; its <see cref="StoreLocation.Description"/> is safe to show.</summary>
    public StoreLocation Location { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens the store at <paramref name="location"/> (see <see cref="StoreLocation.Parse"/>) and migrates it.</summary>
    /// <exception cref="StoreException">It cannot be reached or migrated; the message names it without its password.</exception>
    public static Task<AnalyticsStore> OpenAsync(string location, CancellationToken cancellationToken = default) =>
        OpenAsync(StoreLocation.Parse(location), TimeProvider.System, cancellationToken);

    public static async Task<AnalyticsStore> OpenAsync(StoreLocation location, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(clock);
        var dialect = StoreDialect.For(location);
        try
        {
            var version = await MigrationRunner.MigrateAsync(dialect, clock, cancellationToken);
            return new AnalyticsStore(location, dialect, version);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot open the analytics store {location.Description}: {Redacted(e.Message, location)}", e);
        }
    }

    /// <summary>Registers projects to collect; those already known keep their last pull time.</summary>
    public Task AddProjectsAsync(IEnumerable<string> slugs, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StoreSql.AddProject, slugs.Select(slug => new { Slug = slug }), cancellationToken);

    public async Task<IReadOnlyList<StoredProject>> ProjectsAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync<ProjectRow>(StoreSql.Projects, null, cancellationToken)).Select(r => r.ToRecord()).ToList();

    /// <summary>When the project's history was last read completely; null for a project never collected.</summary>
    public async Task<DateTimeOffset?> LastPullAsync(string slug, CancellationToken cancellationToken = default) =>
        (await QueryAsync<ProjectRow>(StoreSql.Project, new { Slug = slug }, cancellationToken)).SingleOrDefault()?.ToRecord().LastPull;

    /// <summary>Records a finished collection; registers the project if it was not.</summary>
    public Task SetLastPullAsync(string slug, DateTimeOffset pulledAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StoreSql.SetLastPull, [new { Slug = slug, LastPullMs = UnixMillis.From(pulledAt) }], cancellationToken);

    public Task UpsertPipelineAsync(StoredPipeline pipeline, CancellationToken cancellationToken = default) =>
        UpsertPipelinesAsync([pipeline], cancellationToken);

    /// <summary>Inserts or updates, in one transaction: collecting a page again never duplicates a row.</summary>
    public Task UpsertPipelinesAsync(IEnumerable<StoredPipeline> pipelines, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StoreSql.UpsertPipeline, pipelines.Select(PipelineRow.Parameters), cancellationToken);

    public Task UpsertWorkflowAsync(StoredWorkflow workflow, CancellationToken cancellationToken = default) =>
        UpsertWorkflowsAsync([workflow], cancellationToken);

    public Task UpsertWorkflowsAsync(IEnumerable<StoredWorkflow> workflows, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StoreSql.UpsertWorkflow, workflows.Select(WorkflowRow.Parameters), cancellationToken);

    public Task UpsertJobAsync(StoredJob job, CancellationToken cancellationToken = default) =>
        UpsertJobsAsync([job], cancellationToken);

    /// <summary>Inserts or updates; details left null keep the values already stored.</summary>
    public Task UpsertJobsAsync(IEnumerable<StoredJob> jobs, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StoreSql.UpsertJob, jobs.Select(JobRow.Parameters), cancellationToken);

    public async Task<StoredPipeline?> PipelineAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync<PipelineRow>(StoreSql.Pipeline, new { Id = id }, cancellationToken)).SingleOrDefault()?.ToRecord();

    public async Task<StoredWorkflow?> WorkflowAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync<WorkflowRow>(StoreSql.Workflow, new { Id = id }, cancellationToken)).SingleOrDefault()?.ToRecord();

    public async Task<StoredJob?> JobAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync<JobRow>(StoreSql.Job, new { Id = id }, cancellationToken)).SingleOrDefault()?.ToRecord();

    /// <summary>
    /// The project's pipelines that may still change, oldest first: not errored, and with no
    /// workflow stored yet or one not finished. The collector reads these again.
    /// </summary>
    /// <param name="createdSince">
    /// Leaves out older pipelines: one whose configuration started no workflow stays "not
    /// finished" forever, and need not be read again forever.
    /// </param>
    public async Task<IReadOnlyList<StoredPipeline>> RunningPipelinesAsync(string slug, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default) =>
        (await QueryAsync<PipelineRow>(StoreSql.RunningPipelines, new { Slug = slug, SinceMs = createdSince is { } since ? UnixMillis.From(since) : long.MinValue }, cancellationToken))
            .Select(r => r.ToRecord()).ToList();

    /// <summary>The project's jobs that started in [<paramref name="from"/>, <paramref name="to"/>), in start order.</summary>
    public async Task<IReadOnlyList<StoredJob>> JobsStartedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<JobRow>(StoreSql.JobsStarted, new { Slug = slug, FromMs = UnixMillis.From(from), ToMs = UnixMillis.From(to) }, cancellationToken))
            .Select(r => r.ToRecord()).ToList();

    public async Task<StoreCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<StoreCounts>(new CommandDefinition(StoreSql.Counts, cancellationToken: cancellationToken));
    }

    /// <summary>Rows in <c>schema_migrations</c>: one per migration applied, however often the store was opened.</summary>
    public async Task<long> AppliedMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(StoreSql.MigrationCount, cancellationToken: cancellationToken));
    }

    /// <summary>The parameters of a project's time window [from, to) for the window queries.</summary>
    private static object Window(string slug, DateTimeOffset from, DateTimeOffset to) =>
        new { Slug = slug, FromMs = UnixMillis.From(from), ToMs = UnixMillis.From(to) };

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private async Task ExecuteAsync(string sql, IEnumerable<object> rows, CancellationToken cancellationToken)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var row in list)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, row, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = dialect.Connect();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Neither provider is known to quote a password in a message; this keeps it so if one starts.
    private static string Redacted(string message, StoreLocation location)
    {
        var password = location.Kind == StoreKind.Postgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString).Password
            : null;
        return string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
    }
}
