using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

// The duration query the orchestrator predicts from, on both databases like the rest of the suite.
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    [SkippableFact]
    public async Task PipelineDurationsAsync_SuccessfulPipelines_NearestRankPercentilesOfCreatedToLastStop()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        // 10 successful pipelines of 1..10 minutes, each with two workflows: the later stop counts.
        for (var i = 1; i <= 10; i++)
        {
            await AddPipelineAsync(store, $"p{i}", "gh/org/a", "main", Now.AddDays(-i), TimeSpan.FromMinutes(i));
        }

        var durations = await store.PipelineDurationsAsync("gh/org/a", "main", Now, Window);

        Assert.Equal(new PipelineDurations("gh/org/a", "main", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 10), durations);
    }

    [SkippableFact]
    public async Task PipelineDurationsAsync_FailedErroredRunningAndOldPipelines_LeftOut()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        for (var i = 1; i <= 3; i++)
        {
            await AddPipelineAsync(store, $"ok{i}", "gh/org/a", "main", Now.AddDays(-i), TimeSpan.FromMinutes(2));
        }

        await AddPipelineAsync(store, "failed", "gh/org/a", "main", Now.AddDays(-1), TimeSpan.FromMinutes(50), lastStatus: "failed");
        await AddPipelineAsync(store, "running", "gh/org/a", "main", Now.AddDays(-1), TimeSpan.FromMinutes(50), lastStatus: "running");
        await AddPipelineAsync(store, "old", "gh/org/a", "main", Now.AddDays(-31), TimeSpan.FromMinutes(50));
        await AddPipelineAsync(store, "other", "gh/org/b", "main", Now.AddDays(-1), TimeSpan.FromMinutes(50));
        await store.UpsertPipelineAsync(new StoredPipeline("errored", "gh/org/a", 99, "errored", Now.AddDays(-1), Branch: "main"));

        var durations = await store.PipelineDurationsAsync("gh/org/a", "main", Now, Window);

        Assert.Equal(new PipelineDurations("gh/org/a", "main", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), 3), durations);
    }

    [SkippableFact]
    public async Task PipelineDurationsAsync_BranchWithTooFewSamples_FallsBackToAllBranches()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await AddPipelineAsync(store, "r1", "gh/org/a", "release", Now.AddDays(-1), TimeSpan.FromMinutes(9));
        await AddPipelineAsync(store, "m1", "gh/org/a", "main", Now.AddDays(-2), TimeSpan.FromMinutes(1));
        await AddPipelineAsync(store, "m2", "gh/org/a", "main", Now.AddDays(-3), TimeSpan.FromMinutes(3));

        var durations = await store.PipelineDurationsAsync("gh/org/a", "release", Now, Window);

        Assert.Equal(new PipelineDurations("gh/org/a", null, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(9), 3), durations);
    }

    [SkippableFact]
    public async Task PipelineDurationsAsync_FewerThanThreeInAll_NoHistory()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await AddPipelineAsync(store, "m1", "gh/org/a", "main", Now.AddDays(-2), TimeSpan.FromMinutes(1));
        await AddPipelineAsync(store, "m2", "gh/org/a", "main", Now.AddDays(-3), TimeSpan.FromMinutes(3));

        Assert.Null(await store.PipelineDurationsAsync("gh/org/a", "main", Now, Window));
        Assert.Null(await store.PipelineDurationsAsync("gh/org/unknown", null, Now, Window));
    }

    [SkippableFact]
    public async Task SuccessfulPipelinesAsync_OldestFirstWithCreationAndDuration_OnlyTheGoodOnesOfTheWindow()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await AddPipelineAsync(store, "newer", "gh/org/a", "main", Now.AddDays(-1), TimeSpan.FromMinutes(4));
        await AddPipelineAsync(store, "older", "gh/org/a", "release", Now.AddDays(-3), TimeSpan.FromMinutes(6));
        await AddPipelineAsync(store, "failed", "gh/org/a", "main", Now.AddDays(-2), TimeSpan.FromMinutes(50), lastStatus: "failed");
        await AddPipelineAsync(store, "old", "gh/org/a", "main", Now.AddDays(-31), TimeSpan.FromMinutes(50));

        var pipelines = await store.SuccessfulPipelinesAsync("gh/org/a", Now - Window, Now);

        Assert.Equal(
            [new SuccessfulPipeline("release", Now.AddDays(-3), TimeSpan.FromMinutes(6)), new SuccessfulPipeline("main", Now.AddDays(-1), TimeSpan.FromMinutes(4))],
            pipelines);
    }

    // Two workflows: a short one, and one that stops at created + duration with lastStatus.
    private static async Task AddPipelineAsync(
        AnalyticsStore store, string id, string slug, string branch, DateTimeOffset created, TimeSpan duration, string lastStatus = "success")
    {
        await store.UpsertPipelineAsync(new StoredPipeline(id, slug, 1, "created", created, Branch: branch));
        await store.UpsertWorkflowsAsync(
        [
            new StoredWorkflow($"{id}-lint", id, slug, "lint", "success", created, created + (duration / 4)),
            new StoredWorkflow($"{id}-build", id, slug, "build", lastStatus, created, lastStatus == "running" ? null : created + duration),
        ]);
    }
}
