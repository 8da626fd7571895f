using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>The real client against the embedded simulator over HTTP: trigger, poll, page, details.</summary>
public sealed class PipelineLifecycleTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task TriggerPipelineAsync_ThenPoll_ReachesSuccessThroughPages()
    {
        // Three workflows and three jobs each, with pages of two: every list needs a second page.
        var workflows = Enumerable.Range(1, 3)
            .Select(w => Workflow($"wf-{w}", Job("checkout", 5), Job("build", 10), Job("test", 10)))
            .ToArray();
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflows))));

        var created = await sim.Client.TriggerPipelineAsync(Slug, "release/1.0", new Dictionary<string, object?> { ["deploy"] = true });
        Assert.Equal(1, created.Number);

        var pipeline = await Eventually.UntilAsync(() => sim.Client.GetPipelineAsync(created.Id), p => p.State == "created");
        Assert.Equal(Slug, pipeline.ProjectSlug);
        Assert.Equal("release/1.0", pipeline.Vcs?.Branch);
        Assert.Equal("api", pipeline.Trigger?.Type);

        var done = await Eventually.UntilAsync(
            () => sim.Client.GetWorkflowsAsync(created.Id),
            ws => ws.Count == 3 && ws.All(w => w.Status == "success"));
        Assert.Equal(["wf-1", "wf-2", "wf-3"], done.Select(w => w.Name).Order());
        Assert.All(done, w => Assert.NotNull(w.StoppedAt));

        foreach (var workflow in done)
        {
            var jobs = await sim.Client.GetJobsAsync(workflow.Id);
            Assert.Equal(["checkout", "build", "test"], jobs.Select(j => j.Name));
            Assert.All(jobs, j => Assert.Equal("success", j.Status));
        }

        var triggered = Assert.Single(sim.Host.GetTriggeredPipelines());
        Assert.True(triggered.Parameters["deploy"].GetBoolean());
    }

    [Fact]
    public async Task GetJobsAsync_ManyPages_ReturnsAllJobs()
    {
        var jobs = Enumerable.Range(1, 5).Select(i => Job($"job-{i}", 0.5)).ToArray();
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", jobs)))));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var workflow = await sim.SingleWorkflowAsync(created.Id);
        var before = sim.Host.GetStats().CallsTo("GET /api/v2/workflow/{id}/job");

        var all = await sim.Client.GetJobsAsync(workflow.Id);

        Assert.Equal(["job-1", "job-2", "job-3", "job-4", "job-5"], all.Select(j => j.Name));
        Assert.Equal(5, all.Select(j => j.JobNumber).Distinct().Count());
        Assert.Equal(3, sim.Host.GetStats().CallsTo("GET /api/v2/workflow/{id}/job") - before);
    }

    [Fact]
    public async Task GetWorkflowsAsync_ManyPages_ReturnsAllWorkflows()
    {
        var workflows = Enumerable.Range(1, 5).Select(i => Workflow($"wf-{i}", Job("build"))).ToArray();
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflows))), new SimulatorOptions { TimeScale = 0.01, PageSize = 2 });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        var all = await Eventually.UntilAsync(() => sim.Client.GetWorkflowsAsync(created.Id), w => w.Count > 0);

        Assert.Equal(5, all.Count);
        Assert.All(all, w => Assert.Equal(created.Id, w.PipelineId));
    }

    [Fact]
    public async Task GetJobDetailsAsync_FinishedJob_HasWebUrlDurationAndExecutor()
    {
        var job = Job("build", 20) with { ResourceClass = "large", Executor = "machine", Parallelism = 3 };
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", job)))));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var workflow = await Eventually.UntilAsync(() => sim.SingleWorkflowAsync(created.Id), w => w.Status == "success");
        var listed = Assert.Single(await sim.Client.GetJobsAsync(workflow.Id));

        var details = await sim.Client.GetJobDetailsAsync(Slug, listed.JobNumber!.Value);

        Assert.Equal($"https://app.circleci.com/pipelines/gh/acme/api/{created.Number}/workflows/{workflow.Id}/jobs/{listed.JobNumber}", details.WebUrl);
        // 20 scenario seconds at time scale 0.01: 200 ms of wall clock.
        Assert.InRange(details.Duration!.Value, 190, 210);
        Assert.Equal("large", details.Executor?.ResourceClass);
        Assert.Equal("machine", details.Executor?.Type);
        Assert.Equal(3, details.ParallelRuns.Count);
        Assert.Equal("success", details.Status);
        Assert.Equal(created.Id, details.Pipeline?.Id);
        Assert.Equal(workflow.Id, details.LatestWorkflow?.Id);
    }

    [Fact]
    public async Task GetPipelineAsync_ErroredOutcome_ShowsErrorAndNoWorkflows()
    {
        var project = Project(Workflow("build", Job("build"))) with { Outcome = "errored", ErrorMessage = "Unknown key 'jbos'." };
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        var pipeline = await Eventually.UntilAsync(() => sim.Client.GetPipelineAsync(created.Id), p => p.State != "pending");

        Assert.Equal("errored", pipeline.State);
        var error = Assert.Single(pipeline.Errors);
        Assert.Equal("config", error.Type);
        Assert.Equal("Unknown key 'jbos'.", error.Message);
        Assert.Empty(await sim.Client.GetWorkflowsAsync(created.Id));
    }

    [Fact]
    public async Task GetWorkflowsAsync_AllWorkflowsFilteredOut_CreatedWithNone()
    {
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project())));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        var pipeline = await Eventually.UntilAsync(() => sim.Client.GetPipelineAsync(created.Id), p => p.State != "pending");

        Assert.Equal("created", pipeline.State);
        Assert.Empty(await sim.Client.GetWorkflowsAsync(created.Id));
    }
}
