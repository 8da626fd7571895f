using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Analytics.Store;
using Release.CircleCiSimulator;
using Release.Workflows.Collection;
using Temporalio.Client;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>
/// Seed 001's incremental collection against the simulator: every pipeline, workflow and job once,
/// continuing as new on a long list, and on the next run only what is new or was still running.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class CollectionTests(OrchestratorFixture fixture)
{
    private const string Token = "collect-token-5b1e";
    private const string Scenario = """
        { "token": "collect-token-5b1e", "seed": 3, "projects": {
            "gh/acme/slow": { "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "long-test", "durationSeconds": 6000 } ] } ] },
            "*": { "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 4 }, { "name": "test", "durationSeconds": 4 } ] } ] } } }
        """;

    [Fact]
    public async Task RunAsync_TwoCollections_StoresEachPipelineOnceAndRereadsOnlyNewAndRunningOnes()
    {
        await using var simulator = await CircleCiSimulatorHost.StartAsync(
            ScenarioLoader.Parse(Scenario), new SimulatorOptions { Port = 0, TimeScale = 0.05, PageSize = 2 });
        using var http = new HttpClient();
        var circleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = Token });
        var file = Path.Combine(Path.GetTempPath(), $"collect-{Guid.NewGuid():N}.db");
        var store = new AnalyticsCollectionStore(StoreLocation.Parse(file));
        var analytics = await AnalyticsStore.OpenAsync(file);
        var queue = $"collect-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(queue)
            .AddWorkflow<CollectWorkflow>()
            .AddWorkflow<CollectProjectWorkflow>()
            .AddAllActivities(new CollectionActivities(circleCi, store, NullLogger<CollectionActivities>.Instance, new CollectionCallLimit(2))));
        await worker.ExecuteAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await circleCi.TriggerPipelineAsync("gh/acme/a1", "main", null);
            }

            await circleCi.TriggerPipelineAsync("gh/acme/slow", "main", null);
            await UntilEndedAsync(circleCi, "gh/acme/a1", 3);
            var settings = new CollectionSettings(Overlap: TimeSpan.Zero, PipelinesPerRun: 2);

            var first = await CollectAsync(fixture.Client, queue, settings);

            Assert.All(first.Projects, p => Assert.Null(p.Error));
            Assert.Equal(new CollectedCounts(4, 4, 7), first.Total);
            Assert.Equal(new StoreCounts(2, 4, 4, 7), await analytics.CountsAsync());
            var jobs = await analytics.JobsStartedAsync("gh/acme/a1", DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1));
            Assert.Equal(6, jobs.Count);
            Assert.All(jobs, j => Assert.NotNull(j.Duration));
            Assert.NotNull(await analytics.LastPullAsync("gh/acme/a1"));
            Assert.NotNull(await analytics.LastPullAsync("gh/acme/slow"));
            Assert.Single(await analytics.RunningPipelinesAsync("gh/acme/slow"));
            Assert.Empty(await analytics.RunningPipelinesAsync("gh/acme/a1"));

            // Three pipelines on pages of two, at most two a run: the project's workflow continued as new.
            var runs = await fixture.Client.ListWorkflowsAsync($"WorkflowId = '{first.WorkflowId}/gh/acme/a1'").CountAsync();
            Assert.True(runs >= 2, $"{runs} runs");
            await HistoryExport.SaveIfAskedAsync("collect-project.json", await fixture.Client.GetWorkflowHandle($"{first.WorkflowId}/gh/acme/slow").FetchHistoryAsync());

            await circleCi.TriggerPipelineAsync("gh/acme/a1", "main", null);
            await UntilEndedAsync(circleCi, "gh/acme/a1", 4);

            var second = await CollectAsync(fixture.Client, queue, settings);

            // The new a1 pipeline, and the slow one still running at the first pull; nothing else.
            Assert.Equal(2, second.Total.Pipelines);
            Assert.Equal(new StoreCounts(2, 5, 5, 9), await analytics.CountsAsync());
        });
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Fact]
    public async Task RunAsync_WorkerStoppedMidCollection_NextWorkerGoesOnFromThePageItWasAt()
    {
        // Every answer is 150 ms late, so the collection is still going when its worker stops.
        var scenario = Scenario.Replace("\"seed\": 3,", "\"seed\": 3, \"faults\": { \"slowRate\": 1, \"slowDelayMs\": 150 },", StringComparison.Ordinal);
        await using var simulator = await CircleCiSimulatorHost.StartAsync(
            ScenarioLoader.Parse(scenario), new SimulatorOptions { Port = 0, TimeScale = 0.05, PageSize = 2 });
        using var http = new HttpClient();
        var circleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = Token });
        var file = Path.Combine(Path.GetTempPath(), $"collect-{Guid.NewGuid():N}.db");
        var analytics = await AnalyticsStore.OpenAsync(file);
        var queue = $"collect-{Guid.NewGuid():N}";
        TemporalWorkerOptions Options() => new TemporalWorkerOptions(queue)
            .AddWorkflow<CollectWorkflow>()
            .AddWorkflow<CollectProjectWorkflow>()
            .AddAllActivities(new CollectionActivities(circleCi, new AnalyticsCollectionStore(StoreLocation.Parse(file)), NullLogger<CollectionActivities>.Instance));
        for (var i = 0; i < 6; i++)
        {
            await circleCi.TriggerPipelineAsync("gh/acme/b1", "main", null);
        }

        await UntilEndedAsync(circleCi, "gh/acme/b1", 6);
        const string PageRoute = "GET /api/v2/project/{vcs}/{org}/{repo}/pipeline";
        var pageReadsBefore = simulator.GetStats().CallsTo(PageRoute);
        var input = new CollectInput(["gh/acme/b1"], new CollectionSettings(PipelinesAtOnce: 1));
        var handle = await fixture.Client.StartWorkflowAsync(
            // Long enough for the worst case: the stopped worker never reported its activity, which
            // Temporal then retries only once its 2-minute start-to-close timeout has passed.
            (CollectWorkflow wf) => wf.RunAsync(input), new WorkflowOptions($"collect-{Guid.NewGuid():N}", queue) { ExecutionTimeout = TimeSpan.FromMinutes(4) });

        using (var first = new TemporalWorker(fixture.Client, Options()))
        using (var stop = new CancellationTokenSource())
        {
            var run = first.ExecuteAsync(stop.Token);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await analytics.CountsAsync()).Jobs < 4)
            {
                Assert.True(DateTime.UtcNow < deadline, "the collection never got going");
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        Assert.True((await analytics.CountsAsync()).Pipelines < 6 || (await analytics.LastPullAsync("gh/acme/b1")) is null, "the first worker finished it all");
        using var second = new TemporalWorker(fixture.Client, Options());
        var result = await second.ExecuteAsync(() => handle.GetResultAsync());

        Assert.Null(Assert.Single(result.Projects).Error);
        Assert.Equal(new StoreCounts(1, 6, 6, 12), await analytics.CountsAsync());

        // Three pages of two: each read once, save perhaps the one the stop interrupted.
        var pageReads = simulator.GetStats().CallsTo(PageRoute) - pageReadsBefore;
        Assert.InRange(pageReads, 3, 4);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private static async Task<(string WorkflowId, CollectedCounts Total, IReadOnlyList<CollectProjectResult> Projects)> CollectAsync(
        ITemporalClient client, string queue, CollectionSettings settings)
    {
        var id = $"collect-{Guid.NewGuid():N}";
        var input = new CollectInput(["gh/acme/a1", "gh/acme/slow"], settings);
        var result = await client.ExecuteWorkflowAsync(
            (CollectWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(id, queue) { ExecutionTimeout = TimeSpan.FromSeconds(60) });
        return (id, result.Total, result.Projects);
    }

    private static async Task UntilEndedAsync(CircleCiClient circleCi, string project, int pipelines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var ended = 0;
            foreach (var pipeline in await circleCi.FindRecentPipelinesAsync(project, null, DateTimeOffset.MinValue))
            {
                var workflows = await circleCi.GetWorkflowsAsync(pipeline.Id);
                ended += workflows.Count > 0 && workflows.All(w => w.Status == "success") ? 1 : 0;
            }

            if (ended >= pipelines)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{project}'s pipelines never ended");
            await Task.Delay(100);
        }
    }
}
