using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

// The export's window queries: a pipeline of the window comes with all its workflows and jobs,
// one outside it with none, whatever the database.
public abstract partial class StoreContractTests
{
    [SkippableFact]
    public async Task ExportQueries_PipelinesOfTheWindow_ComeWithAllTheirWorkflowsAndJobs()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        var before = T0.AddDays(-10);
        await store.UpsertPipelinesAsync([
            new StoredPipeline("p-in", "gh/org/a", 2, "created", T0),
            new StoredPipeline("p-old", "gh/org/a", 1, "created", before),
            new StoredPipeline("p-other", "gh/org/b", 1, "created", T0),
        ]);
        await store.UpsertWorkflowsAsync([
            new StoredWorkflow("w-in", "p-in", "gh/org/a", "build", "success", T0.AddSeconds(1), T0.AddDays(3)),
            new StoredWorkflow("w-old", "p-old", "gh/org/a", "build", "success", before),
        ]);
        await store.UpsertJobsAsync([
            new StoredJob("j-in", "w-in", "gh/org/a", "test", "success", CreatedAt: T0.AddSeconds(2)),
            new StoredJob("j-old", "w-old", "gh/org/a", "test", "success", CreatedAt: before),
        ]);
        var (from, to) = (T0.AddDays(-1), T0.AddDays(1));

        Assert.Equal(["p-in"], (await store.PipelinesCreatedAsync("gh/org/a", from, to)).Select(p => p.Id));
        Assert.Equal(["w-in"], (await store.WorkflowsOfPipelinesCreatedAsync("gh/org/a", from, to)).Select(w => w.Id));
        Assert.Equal(["j-in"], (await store.JobsOfPipelinesCreatedAsync("gh/org/a", from, to)).Select(j => j.Id));
    }
}
