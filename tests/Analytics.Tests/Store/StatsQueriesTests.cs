using Microsoft.Data.Sqlite;
using Npgsql;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>The queries of <c>release stats</c>, run once per database like <see cref="StoreContractTests"/>.</summary>
public abstract class StatsQueriesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 15, 123, TimeSpan.Zero);

    protected abstract Task<string> NewLocationAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task WorkflowsCreatedAsync_Window_OnlyThatProjectsWorkflowsCreatedInItOldestFirst()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.UpsertWorkflowsAsync(
        [
            new("late", "p1", "gh/org/a", "build", "success", T0.AddHours(2), T0.AddHours(3)),
            new("early", "p1", "gh/org/a", "build", "failed", T0, T0.AddMinutes(5)),
            new("edge", "p1", "gh/org/a", "build", "success", T0.AddHours(4)),
            new("before", "p1", "gh/org/a", "build", "success", T0.AddTicks(-10_000)),
            new("other", "p9", "gh/org/b", "build", "success", T0.AddHours(1)),
        ]);

        var workflows = await store.WorkflowsCreatedAsync("gh/org/a", T0, T0.AddHours(4));

        Assert.Equal(["early", "late"], workflows.Select(w => w.Id));
        Assert.Equal(new StoredWorkflow("early", "p1", "gh/org/a", "build", "failed", T0, T0.AddMinutes(5)), workflows[0]);
    }

    [SkippableFact]
    public async Task JobRunsStartedAsync_JobsWithAndWithoutTheirWorkflow_EachWithItsWorkflowPipelineAndRevision()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.UpsertPipelineAsync(new StoredPipeline("p1", "gh/org/a", 7, "created", T0, Revision: "db4e47"));
        await store.UpsertWorkflowAsync(new StoredWorkflow("w1", "p1", "gh/org/a", "build", "success", T0));
        var detailed = new StoredJob(
            "j1", "w1", "gh/org/a", "test", "success", 155, "build", "large", "docker", 4, TimeSpan.FromSeconds(41.658),
            T0, T0.AddSeconds(1), T0.AddSeconds(3), T0.AddSeconds(45));
        var orphan = new StoredJob("j2", "w-missing", "gh/org/a", "lint", "failed", StartedAt: T0.AddSeconds(5), StoppedAt: T0.AddSeconds(9));
        var outside = new StoredJob("j3", "w1", "gh/org/a", "late", "success", StartedAt: T0.AddHours(2));
        await store.UpsertJobsAsync([orphan, detailed, outside]);

        var runs = await store.JobRunsStartedAsync("gh/org/a", T0, T0.AddHours(1));

        Assert.Equal(
            [new StoredJobRun(detailed, "build", "p1", "db4e47"), new StoredJobRun(orphan, null, null, null)],
            runs);
    }
}

public sealed class SqliteStatsQueriesTests : StatsQueriesTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"release-stats-{Guid.NewGuid():N}");

    protected override Task<string> NewLocationAsync() =>
        Task.FromResult($"sqlite:{Path.Combine(directory, $"{Guid.NewGuid():N}", "analytics.db")}");

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>On the PostgreSQL named by <c>RELEASE_TEST_POSTGRES</c>, a database per test, as <see cref="PostgresStoreTests"/>.</summary>
public sealed class PostgresStatsQueriesTests : StatsQueriesTests
{
    private readonly TestPostgres postgres = new();

    protected override Task<string> NewLocationAsync() => postgres.CreateAsync();

    public override Task DisposeAsync() => postgres.DropAllAsync();
}
