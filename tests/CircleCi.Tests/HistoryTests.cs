using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>
/// A scenario's past pipelines, read through the client exactly as a collector reads them: the
/// pipeline list page by page newest first, then workflows, jobs and job details.
/// </summary>
public sealed class HistoryTests
{
    private const string Slug = "gh/acme/api";

    private static readonly HistorySpec Past = new() { Pipelines = 40, Days = 30, FailureRate = 0.3, RerunRate = 0.5 };

    internal static ProjectSpec WithHistory(HistorySpec history)
    {
        var build = Workflow("build", Job("compile", 30), Job("test", 60) with { DurationRange = [40, 90], ResourceClass = "large", QueueSeconds = 5 });
        var lint = Workflow("lint", Job("lint", 10) with { ResourceClass = "small" });
        return Project(build, lint) with { History = history };
    }

    [Fact]
    public async Task ListPipelines_History_ServedNewestFirstOverPagesAndEnded()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, WithHistory(Past))), new SimulatorOptions { TimeProvider = clock, PageSize = 7 });

        var pipelines = await AllPipelinesAsync(sim.Client, Slug);

        Assert.Equal(Enumerable.Range(1, 40).Reverse().Select(n => (long)n), pipelines.Select(p => p.Number));
        Assert.All(pipelines, p => Assert.InRange(p.CreatedAt!.Value, clock.GetUtcNow().AddDays(-31), clock.GetUtcNow()));
        Assert.Equal(pipelines.Count, pipelines.Select(p => p.Id).Distinct().Count());
        Assert.True(pipelines.Zip(pipelines.Skip(1)).All(pair => pair.First.CreatedAt > pair.Second.CreatedAt), "not newest first");
        Assert.All(pipelines, p => Assert.Equal("main", p.Vcs?.Branch));
        Assert.Equal(6, sim.Host.GetStats().CallsTo("GET /api/v2/project/{vcs}/{org}/{repo}/pipeline"));
    }

    [Fact]
    public async Task History_SomeFailSomeRerunFromFailed_EveryJobHasItsDetails()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, WithHistory(Past))), new SimulatorOptions { TimeProvider = clock, PageSize = 50 });
        var failed = 0;
        var rerun = 0;

        foreach (var pipeline in await AllPipelinesAsync(sim.Client, Slug))
        {
            var workflows = await sim.Client.GetWorkflowsAsync(pipeline.Id);
            Assert.All(workflows, w => Assert.Contains(w.Status, new[] { "success", "failed" }));
            failed += workflows.Any(w => w.Status == "failed") ? 1 : 0;
            foreach (var again in workflows.GroupBy(w => w.Name).Where(g => g.Count() == 2))
            {
                rerun++;
                var (first, second) = (again.First(), again.Last());
                Assert.Equal(["failed", "success"], new[] { first.Status, second.Status });
                Assert.True(second.CreatedAt > first.StoppedAt, "the rerun started before the failure ended");
                var failedJob = Assert.Single(await sim.Client.GetJobsAsync(first.Id), j => j.Status == "failed");
                Assert.Equal("success", Assert.Single(await sim.Client.GetJobsAsync(second.Id), j => j.Name == failedJob.Name).Status);
            }

            foreach (var job in (await Task.WhenAll(workflows.Select(w => sim.Client.GetJobsAsync(w.Id)))).SelectMany(j => j).Where(j => j.Status != "not_run"))
            {
                var details = await sim.Client.GetJobDetailsAsync(Slug, job.JobNumber!.Value);
                Assert.NotNull(details.Executor?.ResourceClass);
                Assert.True(details.QueuedAt <= details.StartedAt && details.StartedAt < details.StoppedAt, $"job {job.JobNumber} times out of order");
            }
        }

        Assert.InRange(failed, 4, 20);
        Assert.InRange(rerun, 1, failed);
    }

    [Fact]
    public async Task Trigger_AfterHistory_TakesTheNextNumberAndComesFirst()
    {
        await using var sim = await SimHarness.StartAsync(Of((Slug, WithHistory(Past with { Pipelines = 3 }))), new SimulatorOptions { TimeScale = 0.01 });

        var created = await sim.Client.TriggerPipelineAsync(Slug, "feature");

        Assert.Equal(4, created.Number);
        var newest = (await sim.Client.ListPipelinesAsync(Slug, null)).Items[0];
        Assert.Equal(created.Id, newest.Id);
        Assert.Equal(4, (await AllPipelinesAsync(sim.Client, Slug)).Count);
    }

    [Fact]
    public async Task Webhooks_History_NoneForThePastOneForATriggeredWorkflow()
    {
        await using var receiver = await CapturingReceiver.StartAsync();
        await using var sim = await SimHarness.StartAsync(
            Of((Slug, Project(Workflow("build", Job("compile"))) with { History = Past with { Pipelines = 5 } })),
            new SimulatorOptions { TimeScale = 0.01, WebhookUrl = receiver.Url, WebhookSecret = "history-hook-secret" });

        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        await Eventually.UntilAsync(() => Task.FromResult(sim.Host.GetStats().Webhooks.GetValueOrDefault("delivered")), n => n >= 1);
        var body = System.Text.Encoding.UTF8.GetString(Assert.Single(receiver.Received).Body);
        Assert.Contains(created.Id, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SameSeed_SameOutcomesAndDurations()
    {
        async Task<IReadOnlyList<string>> PlayAsync()
        {
            await using var sim = await SimHarness.StartAsync(Of((Slug, WithHistory(Past))), new SimulatorOptions { TimeProvider = new ManualClock(ManualClock.Epoch), PageSize = 50 });
            var seen = new List<string>();
            foreach (var pipeline in await AllPipelinesAsync(sim.Client, Slug))
            {
                foreach (var workflow in await sim.Client.GetWorkflowsAsync(pipeline.Id))
                {
                    seen.Add($"{pipeline.Number} {pipeline.CreatedAt:O} {workflow.Name} {workflow.Status} {workflow.StoppedAt - workflow.CreatedAt}");
                }
            }

            return seen;
        }

        Assert.Equal(await PlayAsync(), await PlayAsync());
    }

    [Theory]
    [InlineData("""{"projects": {"*": {"history": {"pipelines": 3}}}}""", "projects['*'].history: a history belongs to one project")]
    [InlineData("""{"projects": {"gh/a/b": {"history": {"pipelines": -1}}}}""", "projects['gh/a/b'].history: pipelines must be a whole number")]
    [InlineData("""{"projects": {"gh/a/b": {"history": {"pipelines": 3, "days": 0}}}}""", "days must be more than 0")]
    [InlineData("""{"projects": {"gh/a/b": {"history": {"pipelines": 3, "failureRate": 1.5}}}}""", "failureRate and rerunRate must be between 0 and 1")]
    [InlineData("""{"projects": {"gh/a/b": {"history": {"pipelinez": 3}}}}""", "pipelinez")]
    public void Parse_BadHistory_OneLineNamingIt(string json, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    internal static async Task<IReadOnlyList<CircleCiPipeline>> AllPipelinesAsync(CircleCiClient client, string slug)
    {
        var all = new List<CircleCiPipeline>();
        string? token = null;
        do
        {
            var page = await client.ListPipelinesAsync(slug, null, token);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }
}
