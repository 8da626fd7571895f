using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Analytics.Stats;
using Release.Analytics.Store;
using Release.CircleCiSimulator;
using Release.Workflows.Collection;
using Temporalio.Client;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>
/// Issue 13's "done when" for the collection, against a simulator with a past history: the first
/// collection stores exactly what the simulator serves, the next only what is new, a storm of 429s
/// changes nothing in what is stored, and CircleCI's insights credits are stored too.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class CollectionHistoryTests(OrchestratorFixture fixture) : IDisposable
{
    private const string Token = "history-token-77c1";
    private const string WorkflowsRoute = "GET /api/v2/pipeline/{id}/workflow";
    private const string JobsRoute = "GET /api/v2/workflow/{id}/job";
    private const string DetailsRoute = "GET /api/v2/project/{vcs}/{org}/{repo}/job/{jobNumber}";
    private const string PagesRoute = "GET /api/v2/project/{vcs}/{org}/{repo}/pipeline";

    private readonly string file = Path.Combine(Path.GetTempPath(), $"collect-history-{Guid.NewGuid():N}.db");
    private readonly HttpClient http = new();

    private static string Scenario(string faults = "") => $$"""
        { "token": "{{Token}}", "seed": 11, {{faults}} "projects": {
            "gh/acme/api": { "history": { "pipelines": 23, "days": 20, "failureRate": 0.3, "rerunRate": 0.6 },
                "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationRange": [20, 40] },
                                                            { "name": "test", "durationRange": [60, 120], "resourceClass": "large" } ] },
                               { "name": "lint", "jobs": [ { "name": "lint", "durationSeconds": 8, "resourceClass": "small" } ] } ] },
            "gh/acme/web": { "history": { "pipelines": 9, "days": 5, "failureRate": 0.2 },
                "workflows": [ { "name": "build", "jobs": [ { "name": "bundle", "durationSeconds": 30 } ] } ] },
            "gh/acme/free": { "insights": false, "history": { "pipelines": 4, "days": 3 },
                "workflows": [ { "name": "build", "jobs": [ { "name": "make", "durationSeconds": 12 } ] } ] } } }
        """;

    private static readonly string[] Projects = ["gh/acme/api", "gh/acme/web", "gh/acme/free"];

    [Fact]
    public async Task RunAsync_History_FirstStoresExactlyWhatIsServedSecondOnlyTheNewPipelines()
    {
        await using var simulator = await CircleCiSimulatorHost.StartAsync(ScenarioLoader.Parse(Scenario()), new SimulatorOptions { Port = 0, TimeScale = 0.01, PageSize = 5 });
        var circleCi = Client(simulator);
        var served = await ServedAsync(circleCi);
        var analytics = await AnalyticsStore.OpenAsync(file);
        var queue = $"collect-history-{Guid.NewGuid():N}";
        using var worker = Worker(queue, circleCi);
        await worker.ExecuteAsync(async () =>
        {
            var first = await CollectAsync(queue);

            Assert.All(first.Projects, p => Assert.Null(p.Error));
            Assert.Equal(new StoreCounts(3, served.Pipelines.Count, served.Workflows.Count, served.Jobs.Count), await analytics.CountsAsync());
            await AssertStoredAsync(analytics, served);

            await circleCi.TriggerPipelineAsync("gh/acme/web", "main");
            await circleCi.TriggerPipelineAsync("gh/acme/web", "main");
            await UntilEndedAsync(circleCi, "gh/acme/web", 2);
            var before = simulator.GetStats();

            var second = await CollectAsync(queue);

            var after = simulator.GetStats();
            Assert.Equal(2, second.Total.Pipelines);
            Assert.Equal(new StoreCounts(3, served.Pipelines.Count + 2, served.Workflows.Count + 2, served.Jobs.Count + 2), await analytics.CountsAsync());
            // Only the two new pipelines were read in depth: one workflow list, one job list and one job's details each.
            Assert.Equal(2, after.CallsTo(WorkflowsRoute) - before.CallsTo(WorkflowsRoute));
            Assert.Equal(2, after.CallsTo(JobsRoute) - before.CallsTo(JobsRoute));
            Assert.Equal(2, after.CallsTo(DetailsRoute) - before.CallsTo(DetailsRoute));
            // The first page of each project reached pipelines older than the last pull: the walk stopped there.
            Assert.Equal(Projects.Length, after.CallsTo(PagesRoute) - before.CallsTo(PagesRoute));
        });
    }

    [Fact]
    public async Task Stats_AfterCollection_EqualFiguresComputedFromWhatTheSimulatorServes()
    {
        await using var simulator = await CircleCiSimulatorHost.StartAsync(ScenarioLoader.Parse(Scenario()), new SimulatorOptions { Port = 0, TimeScale = 0.01, PageSize = 5 });
        var circleCi = Client(simulator);
        var queue = $"collect-stats-{Guid.NewGuid():N}";
        using var worker = Worker(queue, circleCi);
        await worker.ExecuteAsync(() => CollectAsync(queue));
        var now = DateTimeOffset.UtcNow;
        var window = TimeSpan.FromDays(30);

        var report = await StatsReportReader.ReadAsync(await AnalyticsStore.OpenAsync(file), Projects, now, window, ResourceRates.Default, insights: null);

        // Independently: every job the simulator serves, with its details, grouped as a person would.
        var expected = new List<(string Project, string Job, int Runs, double SuccessRate, TimeSpan P50, TimeSpan P95, TimeSpan Max)>();
        foreach (var project in Projects)
        {
            var ended = new List<(string Name, string Status, TimeSpan Duration)>();
            string? token = null;
            do
            {
                var page = await circleCi.ListPipelinesAsync(project, null, token);
                foreach (var workflow in (await Task.WhenAll(page.Items.Select(p => circleCi.GetWorkflowsAsync(p.Id)))).SelectMany(w => w))
                {
                    foreach (var job in await circleCi.GetJobsAsync(workflow.Id))
                    {
                        var details = await circleCi.GetJobDetailsAsync(project, job.JobNumber!.Value);
                        if (job.Status is "success" or "failed" && details.StartedAt >= now - window && details.Duration is { } ms)
                        {
                            ended.Add((job.Name, job.Status, TimeSpan.FromMilliseconds(ms)));
                        }
                    }
                }

                token = page.NextPageToken;
            }
            while (token is not null);
            foreach (var named in ended.GroupBy(j => j.Name))
            {
                var sorted = named.Select(j => j.Duration).Order().ToList();
                TimeSpan Rank(double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];
                expected.Add((project, named.Key, sorted.Count, named.Count(j => j.Status == "success") / (double)sorted.Count, Rank(0.5), Rank(0.95), sorted[^1]));
            }
        }

        Assert.True(expected.Count >= 5, $"{expected.Count} jobs: the scenario should give at least five");
        Assert.Contains(expected, e => e.SuccessRate < 1);
        Assert.Equal(
            expected.OrderBy(e => e.Project, StringComparer.Ordinal).ThenBy(e => e.Job, StringComparer.Ordinal),
            report.Jobs.Select(j => (j.Project, j.Job, j.Runs, j.SuccessRate, j.P50, j.P95, j.Max)));
    }

    [Fact]
    public async Task RunAsync_StormOf429sWithRetryAfter_StoresExactlyTheHistory()
    {
        var faults = """ "faults": { "rateLimitRate": 0.12, "retryAfterSeconds": 1 }, """;
        await using var simulator = await CircleCiSimulatorHost.StartAsync(ScenarioLoader.Parse(Scenario(faults)), new SimulatorOptions { Port = 0, TimeScale = 0.01, PageSize = 5 });
        var circleCi = Client(simulator);
        var served = await ServedAsync(circleCi);
        var analytics = await AnalyticsStore.OpenAsync(file);
        var queue = $"collect-history-{Guid.NewGuid():N}";
        var limitedBefore = simulator.GetStats().FaultsOf("rate_limited");
        using var worker = Worker(queue, circleCi);

        var result = await worker.ExecuteAsync(() => CollectAsync(queue, TimeSpan.FromMinutes(3)));

        Assert.All(result.Projects, p => Assert.Null(p.Error));
        var limited = simulator.GetStats().FaultsOf("rate_limited") - limitedBefore;
        Assert.True(limited >= 20, $"only {limited} answers were 429s");
        Assert.Equal(new StoreCounts(3, served.Pipelines.Count, served.Workflows.Count, served.Jobs.Count), await analytics.CountsAsync());
        await AssertStoredAsync(analytics, served);
    }

    [Fact]
    public async Task RunAsync_Insights_CreditsStoredPerWorkflowAndJob_PlanWithoutInsightsStoresNone()
    {
        await using var simulator = await CircleCiSimulatorHost.StartAsync(ScenarioLoader.Parse(Scenario()), new SimulatorOptions { Port = 0, TimeScale = 0.01, PageSize = 5 });
        var circleCi = Client(simulator);
        var analytics = await AnalyticsStore.OpenAsync(file);
        var queue = $"collect-history-{Guid.NewGuid():N}";
        using var worker = Worker(queue, circleCi);

        var result = await worker.ExecuteAsync(() => CollectAsync(queue));

        Assert.All(result.Projects, p => Assert.Null(p.Error));
        var workflows = await circleCi.GetWorkflowInsightsAsync("gh/acme/api", "last-30-days");
        var stored = await analytics.InsightsAsync("gh/acme/api", "last-30-days");
        Assert.Equal(
            workflows.Select(w => (w.Name, (string?)null, w.Metrics!.TotalCreditsUsed, w.Metrics.TotalRuns)),
            stored.Where(i => i.JobName is null).Select(i => (i.WorkflowName, i.JobName, i.CreditsUsed, i.TotalRuns)));
        var jobs = await circleCi.GetJobInsightsAsync("gh/acme/api", "build", "last-30-days");
        Assert.Equal(
            jobs.Select(j => (j.Name, j.Metrics!.TotalCreditsUsed)),
            stored.Where(i => i is { WorkflowName: "build", JobName: not null }).Select(i => (i.JobName!, i.CreditsUsed)));
        Assert.All(stored, i => Assert.True(i.CreditsUsed > 0, $"{i.WorkflowName}/{i.JobName} cost nothing"));
        Assert.Equal(workflows.Sum(w => w.Metrics!.TotalCreditsUsed), (await analytics.CreditsAsync("last-30-days"))["gh/acme/api"]);
        Assert.NotEmpty(await analytics.InsightsAsync("gh/acme/web", "last-90-days"));
        Assert.Empty(await analytics.InsightsAsync("gh/acme/free"));
        Assert.NotNull(await analytics.LastPullAsync("gh/acme/free"));
    }

    public void Dispose()
    {
        http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private CircleCiClient Client(CircleCiSimulatorHost simulator) => new(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = Token });

    private TemporalWorker Worker(string queue, CircleCiClient circleCi) => new(fixture.Client, new TemporalWorkerOptions(queue)
        .AddWorkflow<CollectWorkflow>()
        .AddWorkflow<CollectProjectWorkflow>()
        .AddAllActivities(new CollectionActivities(circleCi, new AnalyticsCollectionStore(StoreLocation.Parse(file)), NullLogger<CollectionActivities>.Instance)));

    private async Task<CollectResult> CollectAsync(string queue, TimeSpan? timeout = null)
    {
        var input = new CollectInput(Projects, new CollectionSettings(Overlap: TimeSpan.Zero, PipelinesPerRun: 10));
        return await fixture.Client.ExecuteWorkflowAsync(
            (CollectWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"collect-history-{Guid.NewGuid():N}", queue) { ExecutionTimeout = timeout ?? TimeSpan.FromSeconds(90) });
    }

    /// <summary>Every id the simulator serves, read through its API as a collector would, past any 429.</summary>
    private static async Task<(List<string> Pipelines, List<string> Workflows, List<string> Jobs)> ServedAsync(CircleCiClient circleCi)
    {
        var served = (Pipelines: new List<string>(), Workflows: new List<string>(), Jobs: new List<string>());
        foreach (var project in Projects)
        {
            string? token = null;
            do
            {
                var page = await PastRateLimitsAsync(() => circleCi.ListPipelinesAsync(project, null, token));
                served.Pipelines.AddRange(page.Items.Select(p => p.Id));
                foreach (var pipeline in page.Items)
                {
                    foreach (var workflow in await PastRateLimitsAsync(() => circleCi.GetWorkflowsAsync(pipeline.Id)))
                    {
                        served.Workflows.Add(workflow.Id);
                        served.Jobs.AddRange((await PastRateLimitsAsync(() => circleCi.GetJobsAsync(workflow.Id))).Select(j => j.Id));
                    }
                }

                token = page.NextPageToken;
            }
            while (token is not null);
        }

        return served;
    }

    // Counts alone could hide a missing row behind a duplicate: each id served is looked up.
    private static async Task AssertStoredAsync(AnalyticsStore analytics, (List<string> Pipelines, List<string> Workflows, List<string> Jobs) served)
    {
        foreach (var id in served.Pipelines)
        {
            Assert.NotNull(await analytics.PipelineAsync(id));
        }

        foreach (var id in served.Workflows)
        {
            Assert.NotNull(await analytics.WorkflowAsync(id));
        }

        foreach (var id in served.Jobs)
        {
            var job = await analytics.JobAsync(id);
            Assert.NotNull(job?.ResourceClass);
            Assert.True(job.Status == "not_run" || job.QueuedAt is not null, $"job {id} has no queued time");
        }
    }

    private static async Task<T> PastRateLimitsAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (CircleCiRetryableException) when (attempt < 50)
            {
                // The test's own reading of the truth; the collector under test is the one that honours Retry-After.
                await Task.Delay(20);
            }
        }
    }

    private static async Task UntilEndedAsync(CircleCiClient circleCi, string project, int newest)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var pipelines = (await circleCi.ListPipelinesAsync(project, null)).Items.Take(newest).ToList();
            var ended = 0;
            foreach (var pipeline in pipelines)
            {
                var workflows = await circleCi.GetWorkflowsAsync(pipeline.Id);
                ended += workflows.Count > 0 && workflows.All(w => w.Status == "success") ? 1 : 0;
            }

            if (ended == newest)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{project}'s new pipelines never ended");
            await Task.Delay(50);
        }
    }
}
