using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>
/// What the collector and the analytics rely on, run once per database (see the subclasses):
/// the two must behave alike, since the same SQL runs on both.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 15, 123, TimeSpan.Zero);

    /// <summary>A location of a new, empty store, for this test only.</summary>
    protected abstract Task<string> NewLocationAsync();

    /// <summary>Runs SQL on the store directly, bypassing the query layer.</summary>
    protected abstract Task ExecuteRawAsync(string location, string sql);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task OpenAsync_Again_AppliesEachMigrationOnceAndKeepsRows()
    {
        var location = await NewLocationAsync();
        var first = await AnalyticsStore.OpenAsync(location);
        await first.SetLastPullAsync("gh/org/a", T0);

        var second = await AnalyticsStore.OpenAsync(location);

        Assert.Equal(Migrations.Latest, second.SchemaVersion);
        Assert.Equal(Migrations.All.Count, await second.AppliedMigrationsAsync());
        Assert.Equal(T0, await second.LastPullAsync("gh/org/a"));
    }

    [SkippableFact]
    public async Task OpenAsync_ManyAtOnceOnANewStore_AllSucceedAndMigrateOnce()
    {
        var location = await NewLocationAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => AnalyticsStore.OpenAsync(location))));

        Assert.All(stores, s => Assert.Equal(Migrations.Latest, s.SchemaVersion));
        Assert.Equal(Migrations.All.Count, await stores[0].AppliedMigrationsAsync());
    }

    [SkippableFact]
    public async Task OpenAsync_StoreFromANewerProgram_RefusedWithBothVersions()
    {
        var location = await NewLocationAsync();
        await AnalyticsStore.OpenAsync(location);
        await ExecuteRawAsync(location, "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (999, 'future', 0)");

        var error = await Assert.ThrowsAsync<StoreException>(() => AnalyticsStore.OpenAsync(location));

        Assert.Contains($"schema version 999, newer than this program's {Migrations.Latest}", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UpsertPipelineAsync_Twice_OneRowWithTheNewerValues()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.UpsertPipelineAsync(new StoredPipeline("p1", "gh/org/a", 154, "created", T0, T0, "main", "db4e47", "webhook", "lukasz"));

        await store.UpsertPipelineAsync(new StoredPipeline("p1", "gh/org/a", 154, "errored", T0, T0.AddMinutes(2), Branch: "release"));

        Assert.Equal(1, (await store.CountsAsync()).Pipelines);
        Assert.Equal(
            new StoredPipeline("p1", "gh/org/a", 154, "errored", T0, T0.AddMinutes(2), "release", "db4e47", "webhook", "lukasz"),
            await store.PipelineAsync("p1"));
    }

    [SkippableFact]
    public async Task UpsertWorkflowsAsync_PageReadTwice_NoDuplicateAndNewerStatus()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        StoredWorkflow[] page = [new("w1", "p1", "gh/org/a", "build", "running", T0), new("w2", "p1", "gh/org/a", "deploy", "on_hold", T0)];
        await store.UpsertWorkflowsAsync(page);

        await store.UpsertWorkflowsAsync([page[0] with { Status = "success", StoppedAt = T0.AddSeconds(45) }, page[1]]);

        Assert.Equal(2, (await store.CountsAsync()).Workflows);
        Assert.Equal(page[0] with { Status = "success", StoppedAt = T0.AddSeconds(45) }, await store.WorkflowAsync("w1"));
        Assert.Equal(page[1], await store.WorkflowAsync("w2"));
    }

    [SkippableFact]
    public async Task UpsertJobAsync_ListThenDetailsThenListAgain_OneCompleteRow()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        var listed = new StoredJob("j1", "w1", "gh/org/a", "build", "running", 155, "build", StartedAt: T0.AddSeconds(3));
        var detailed = listed with
        {
            Status = "success",
            ResourceClass = "medium",
            Executor = "docker",
            Parallelism = 4,
            Duration = TimeSpan.FromMilliseconds(41658),
            CreatedAt = T0,
            QueuedAt = T0.AddMilliseconds(23),
            StartedAt = T0.AddMilliseconds(3003),
            StoppedAt = T0.AddMilliseconds(44661),
        };

        await store.UpsertJobAsync(listed);
        await store.UpsertJobAsync(detailed);
        await store.UpsertJobAsync(listed with { Status = "success", StartedAt = null });

        Assert.Equal(1, (await store.CountsAsync()).Jobs);
        Assert.Equal(detailed, await store.JobAsync("j1"));
    }

    [SkippableFact]
    public async Task LastPullAsync_RoundTripsToTheMillisecond()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.AddProjectsAsync(["gh/org/a", "bb/org/b"]);
        Assert.Null(await store.LastPullAsync("gh/org/a"));
        Assert.Null(await store.LastPullAsync("gh/org/never-added"));

        await store.SetLastPullAsync("gh/org/a", new DateTimeOffset(2026, 11, 2, 11, 30, 15, 123, TimeSpan.FromHours(2)));
        await store.SetLastPullAsync("gh/org/a", T0.AddHours(1));
        await store.AddProjectsAsync(["gh/org/a"]);

        Assert.Equal(T0.AddHours(1), await store.LastPullAsync("gh/org/a"));
        Assert.Equal([new StoredProject("bb/org/b", null), new StoredProject("gh/org/a", T0.AddHours(1))], await store.ProjectsAsync());
    }

    [SkippableFact]
    public async Task RunningPipelinesAsync_OnlyThoseThatMayStillChange_OldestFirst()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.UpsertPipelinesAsync(
        [
            Pipeline("no-workflow-yet", 1),
            Pipeline("running", 2),
            Pipeline("finished", 3),
            Pipeline("errored", 4, "errored"),
            Pipeline("one-on-hold", 5),
            Pipeline("all-finished", 6),
            Pipeline("no-workflow-yet", 7) with { Id = "other-project", ProjectSlug = "gh/org/other" },
        ]);
        await store.UpsertWorkflowsAsync(
        [
            Workflow("running", "running"),
            Workflow("finished", "success"),
            Workflow("one-on-hold", "success"),
            Workflow("one-on-hold", "on_hold") with { Id = "one-on-hold-2" },
            Workflow("all-finished", "failed"),
            Workflow("all-finished", "canceled") with { Id = "all-finished-2" },
        ]);

        var running = await store.RunningPipelinesAsync("gh/org/a");

        Assert.Equal(["no-workflow-yet", "running", "one-on-hold"], running.Select(p => p.Id));
        Assert.Equal(["running", "one-on-hold"], (await store.RunningPipelinesAsync("gh/org/a", T0.AddMinutes(2))).Select(p => p.Id));
    }

    [SkippableFact]
    public async Task JobsStartedAsync_OnlyTheProjectsJobsStartedInTheWindow()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.UpsertJobsAsync(
        [
            Job("before", T0.AddMilliseconds(-1)),
            Job("at-start", T0),
            Job("inside", T0.AddDays(3)),
            Job("at-end", T0.AddDays(7)),
            Job("not-started", null),
            Job("other-project", T0.AddDays(1)) with { ProjectSlug = "gh/org/other" },
        ]);

        var jobs = await store.JobsStartedAsync("gh/org/a", T0, T0.AddDays(7));

        Assert.Equal(["at-start", "inside"], jobs.Select(j => j.Id));
        Assert.Equal(TimeSpan.FromSeconds(90), jobs[1].Duration);
        Assert.Equal("large", jobs[1].ResourceClass);
    }

    private static StoredPipeline Pipeline(string id, long number, string state = "created") =>
        new(id, "gh/org/a", number, state, T0.AddMinutes(number));

    private static StoredWorkflow Workflow(string pipelineId, string status) =>
        new(pipelineId, pipelineId, "gh/org/a", "build", status, T0);

    private static StoredJob Job(string id, DateTimeOffset? startedAt) =>
        new(id, "w1", "gh/org/a", "test", "success", 1, "build", "large", "docker", 1, TimeSpan.FromSeconds(90), StartedAt: startedAt);
}
