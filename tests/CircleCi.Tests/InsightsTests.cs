using System.Net;
using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>
/// The simulator's insights endpoints: their metrics equal those computed here, independently,
/// from the workflows, jobs and job details the other endpoints serve.
/// </summary>
public sealed class InsightsTests
{
    private const string Slug = "gh/acme/api";

    // The README's table: credits per minute of a resource class.
    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    private static readonly Dictionary<string, double> Rates = new() { ["small"] = 5, ["medium"] = 10, ["large"] = 20 };

    [Fact]
    public async Task WorkflowAndJobInsights_MatchTheServedHistory()
    {
        var history = new HistorySpec { Pipelines = 30, Days = 20, FailureRate = 0.3, RerunRate = 0.5 };
        await using var sim = await SimHarness.StartAsync(
            Of((Slug, HistoryTests.WithHistory(history))), new SimulatorOptions { TimeProvider = new ManualClock(ManualClock.Epoch), PageSize = 1 });
        var served = await ServedAsync(sim.Client);

        var insights = await sim.Client.GetWorkflowInsightsAsync(Slug, "last-30-days");

        // Pages of one item: the client follows next_page_token on a path that already has a query.
        Assert.Equal(["build", "lint"], insights.Select(i => i.Name));
        Assert.Equal(2, sim.Host.GetStats().CallsTo("GET /api/v2/insights/{vcs}/{org}/{repo}/workflows"));
        foreach (var insight in insights)
        {
            var runs = served.Where(r => r.Workflow.Name == insight.Name).ToList();
            var metrics = insight.Metrics!;
            Assert.Equal(runs.Count, metrics.TotalRuns);
            Assert.Equal(runs.Count(r => r.Workflow.Status == "success"), metrics.SuccessfulRuns);
            Assert.Equal(runs.Count(r => r.Workflow.Status == "failed"), metrics.FailedRuns);
            Assert.Equal((double)metrics.SuccessfulRuns / metrics.TotalRuns, metrics.SuccessRate!.Value, 6);
            Assert.InRange(metrics.TotalCreditsUsed!.Value, Credits(runs.SelectMany(r => r.Jobs)) - 1, Credits(runs.SelectMany(r => r.Jobs)) + 1);
            var seconds = runs.Where(r => r.Workflow.Status == "success")
                .Select(r => (long)Math.Round((r.Workflow.StoppedAt!.Value - r.Workflow.CreatedAt!.Value).TotalSeconds)).Order().ToList();
            Assert.Equal(seconds[0], metrics.DurationMetrics!.Min);
            Assert.Equal(seconds[^1], metrics.DurationMetrics.Max);
            Assert.Equal(seconds[(int)Math.Ceiling(0.5 * seconds.Count) - 1], metrics.DurationMetrics.Median);
        }

        var jobs = await sim.Client.GetJobInsightsAsync(Slug, "build", "last-30-days");

        Assert.Equal(["compile", "test"], jobs.Select(j => j.Name));
        foreach (var job in jobs)
        {
            var ran = served.Where(r => r.Workflow.Name == "build").SelectMany(r => r.Jobs).Where(j => j.Job.Name == job.Name).ToList();
            Assert.Equal(ran.Count, job.Metrics!.TotalRuns);
            Assert.Equal(ran.Count(j => j.Job.Status == "success"), job.Metrics.SuccessfulRuns);
            Assert.InRange(job.Metrics.TotalCreditsUsed!.Value, Credits(ran) - 1, Credits(ran) + 1);
        }
    }

    [Fact]
    public async Task WorkflowInsights_WindowAndBranch_ScopeTheRuns()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(
            Of((Slug, HistoryTests.WithHistory(new HistorySpec { Pipelines = 20, Days = 20 }))), new SimulatorOptions { TimeProvider = clock });
        await sim.Client.TriggerPipelineAsync(Slug, "feature");
        clock.AdvanceSeconds(600);
        var lastWeek = (await HistoryTests.AllPipelinesAsync(sim.Client, Slug)).Count(p => p.Vcs?.Branch == "main" && p.CreatedAt >= clock.GetUtcNow().AddDays(-7));

        static long Runs(IReadOnlyList<CircleCiInsight> insights) => insights.Single(i => i.Name == "lint").Metrics!.TotalRuns;

        Assert.Equal(20, Runs(await sim.Client.GetWorkflowInsightsAsync(Slug, "last-90-days")) - 1);
        Assert.Equal(lastWeek, Runs(await RawInsightsAsync(sim, "reporting-window=last-7-days")));
        Assert.Equal(20, Runs(await RawInsightsAsync(sim, "reporting-window=last-30-days&branch=main")));
        Assert.Equal(1, Runs(await RawInsightsAsync(sim, "branch=feature")));
    }

    [Fact]
    public async Task Insights_PlanWithoutThem_Answers403_AndBadWindow400()
    {
        await using var sim = await SimHarness.StartAsync(Of(
            (Slug, HistoryTests.WithHistory(new HistorySpec { Pipelines = 2 })),
            ("gh/acme/free", HistoryTests.WithHistory(new HistorySpec { Pipelines = 2 }) with { Insights = false })));

        var refused = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.GetWorkflowInsightsAsync("gh/acme/free", "last-30-days"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.GetWorkflowInsightsAsync(Slug, "last-year"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("reporting-window must be one of", bad.ServerMessage, StringComparison.Ordinal);
    }

    // The client asks for all branches; these ask as a user of the API might.
    private static async Task<IReadOnlyList<CircleCiInsight>> RawInsightsAsync(SimHarness sim, string query)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sim.Host.BaseUrl, $"insights/{Slug}/workflows?{query}"));
        request.Headers.Add("Circle-Token", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = System.Text.Json.JsonSerializer.Deserialize<CircleCiPage<CircleCiInsight>>(await response.Content.ReadAsStringAsync(), SnakeCase);
        return page!.Items;
    }

    private static long Credits(IEnumerable<ServedJob> jobs) =>
        (long)Math.Round(jobs.Sum(j => j.Details.Duration!.Value / 60000.0 * Rates[j.Details.Executor!.ResourceClass!] * j.Details.Parallelism!.Value));

    // Each workflow with the jobs that ran in it: a job a rerun copied as passed keeps the number
    // of the run it copies, and is that run's, not one of its own.
    private static async Task<IReadOnlyList<(CircleCiWorkflow Workflow, IReadOnlyList<ServedJob> Jobs)>> ServedAsync(CircleCiClient client)
    {
        var served = new List<(CircleCiWorkflow, IReadOnlyList<ServedJob>)>();
        foreach (var pipeline in await HistoryTests.AllPipelinesAsync(client, Slug))
        {
            var numbers = new HashSet<long>();
            foreach (var workflow in (await client.GetWorkflowsAsync(pipeline.Id)).OrderBy(w => w.CreatedAt))
            {
                var jobs = new List<ServedJob>();
                foreach (var job in (await client.GetJobsAsync(workflow.Id)).Where(j => j.Status != "not_run" && numbers.Add(j.JobNumber!.Value)))
                {
                    jobs.Add(new ServedJob(job, await client.GetJobDetailsAsync(Slug, job.JobNumber!.Value)));
                }

                served.Add((workflow, jobs));
            }
        }

        return served;
    }

    private sealed record ServedJob(CircleCiJob Job, CircleCiJobDetails Details);
}
