using System.Net;
using Release.CircleCiSimulator;
using Release.Webhooks;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>POST /api/v2/workflow/{id}/rerun: a new workflow in the same pipeline, rerunning what failed.</summary>
public sealed class RerunTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task Rerun_FromFailedAfterOneFailure_AddsASucceedingWorkflowAndKeepsTheOldOne()
    {
        var project = Project(Workflow("build", Job("compile", 2), Job("test", 3))) with { FailFirst = 1 };
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(10);
        var failed = await sim.SingleWorkflowAsync(created.Id);
        Assert.Equal("failed", failed.Status);
        var failedJobs = await sim.Client.GetJobsAsync(failed.Id);

        var (status, body) = await api.PostAsync($"api/v2/workflow/{failed.Id}/rerun", """{"from_failed": true}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var rerunId = body.GetProperty("workflow_id").GetString()!;
        Assert.NotEqual(failed.Id, rerunId);
        var workflows = await sim.Client.GetWorkflowsAsync(created.Id);
        Assert.Equal([failed.Id, rerunId], workflows.Select(w => w.Id));
        Assert.Equal("failed", workflows[0].Status);
        Assert.Equal("running", workflows[1].Status);
        Assert.Equal("build", workflows[1].Name);

        clock.AdvanceSeconds(10);
        var rerun = await sim.Client.GetWorkflowAsync(rerunId);
        Assert.Equal("success", rerun.Status);
        Assert.Equal(created.Id, rerun.PipelineId);
        // The passed job is copied (same job number, no time spent); only the failed one ran again.
        var rerunJobs = await sim.Client.GetJobsAsync(rerunId);
        Assert.Equal(["success", "success"], rerunJobs.Select(j => j.Status));
        Assert.Equal(failedJobs[0].JobNumber, rerunJobs[0].JobNumber);
        Assert.Equal(rerunJobs[0].StartedAt, rerunJobs[0].StoppedAt);
        Assert.NotEqual(failedJobs[1].JobNumber, rerunJobs[1].JobNumber);
        Assert.Equal(TimeSpan.FromSeconds(3), rerunJobs[1].StoppedAt - rerunJobs[1].StartedAt);
        Assert.Equal("failed", (await sim.Client.GetWorkflowAsync(failed.Id)).Status);

        var stats = sim.Host.GetStats();
        Assert.Equal(1, stats.RerunsOf(Slug));
        Assert.Equal(1, stats.TriggersOf(Slug));
    }

    [Fact]
    public async Task Rerun_WithinFailFirst_FailsAgainThenSucceeds()
    {
        var project = Project(Workflow("build", Job("compile"))) with { FailFirst = 2 };
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(5);
        var first = await sim.SingleWorkflowAsync(created.Id);

        var (_, second) = await api.PostAsync($"api/v2/workflow/{first.Id}/rerun", """{"from_failed": true}""");
        clock.AdvanceSeconds(5);
        var secondId = second.GetProperty("workflow_id").GetString()!;
        var (_, third) = await api.PostAsync($"api/v2/workflow/{secondId}/rerun", """{"from_failed": true}""");
        clock.AdvanceSeconds(5);

        var statuses = (await sim.Client.GetWorkflowsAsync(created.Id)).Select(w => w.Status);
        Assert.Equal(["failed", "failed", "success"], statuses);
        Assert.Equal("success", (await sim.Client.GetWorkflowAsync(third.GetProperty("workflow_id").GetString()!)).Status);
        Assert.Equal(2, sim.Host.GetStats().RerunsOf(Slug));
    }

    [Fact]
    public async Task Rerun_ListedJobs_RerunsOnlyThose()
    {
        var project = Project(Workflow("build", Job("compile").Independent(), Job("lint", 1, "failed").Independent()));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(5);
        var wf = await sim.SingleWorkflowAsync(created.Id);
        var compile = (await sim.Client.GetJobsAsync(wf.Id))[0];

        var (status, body) = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", $$"""{"jobs": ["{{compile.Id}}"]}""");
        clock.AdvanceSeconds(5);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var jobs = await sim.Client.GetJobsAsync(body.GetProperty("workflow_id").GetString()!);
        Assert.NotEqual(compile.JobNumber, jobs[0].JobNumber);
        Assert.Equal(["success", "failed"], jobs.Select(j => j.Status));
    }

    [Fact]
    public async Task Rerun_BadRequests_AnswerWithCircleCiMessages()
    {
        var project = Project(Workflow("build", Job("compile", 10)));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(2);
        var wf = await sim.SingleWorkflowAsync(created.Id);

        var unknown = await api.PostAsync($"api/v2/workflow/{Guid.NewGuid()}/rerun", """{"from_failed": true}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Workflow not found", unknown.Body.GetProperty("message").GetString());

        var running = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", """{"from_failed": true}""");
        Assert.Equal(HttpStatusCode.BadRequest, running.Status);
        Assert.Contains("still running", running.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        clock.AdvanceSeconds(20);
        var nothingFailed = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", """{"from_failed": true}""");
        Assert.Equal(HttpStatusCode.BadRequest, nothingFailed.Status);
        Assert.Contains("no failed jobs", nothingFailed.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var both = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", """{"from_failed": true, "jobs": []}""");
        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        var badJob = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", """{"jobs": ["nope"]}""");
        Assert.Equal("Job nope is not in this workflow.", badJob.Body.GetProperty("message").GetString());
        var badJson = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", "{");
        Assert.Equal("Invalid JSON body.", badJson.Body.GetProperty("message").GetString());

        using var anonymous = new RawApi(sim.Host, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"api/v2/workflow/{wf.Id}/rerun", "{}")).Status);
        Assert.Single(await sim.Client.GetWorkflowsAsync(created.Id));
        Assert.Equal(0, sim.Host.GetStats().RerunsOf(Slug));

        // With neither from_failed nor jobs, every job runs again, even in a workflow that passed.
        var all = await api.PostAsync($"api/v2/workflow/{wf.Id}/rerun", "{}");
        Assert.Equal(HttpStatusCode.Accepted, all.Status);
    }

    [Fact]
    public async Task Rerun_WithWebhookUrl_SendsAWebhookForTheNewWorkflow()
    {
        const string secret = "webhook-secret-rerun";
        await using var receiver = await CapturingReceiver.StartAsync();
        var project = Project(Workflow("build", Job("compile"))) with { FailFirst = 1 };
        await using var sim = await SimHarness.StartAsync(
            Of((Slug, project)), new SimulatorOptions { TimeScale = 0.01, WebhookUrl = receiver.Url, WebhookSecret = secret });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var failed = await Eventually.UntilAsync(() => sim.SingleWorkflowAsync(created.Id), w => w.Status == "failed");
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count), n => n == 1);

        var (_, body) = await api.PostAsync($"api/v2/workflow/{failed.Id}/rerun", """{"from_failed": true}""");
        var rerunId = body.GetProperty("workflow_id").GetString()!;
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count), n => n == 2);

        var events = receiver.Received.Select(r => CircleCiWebhookEvent.TryParse(r.Body, out _)!).ToList();
        var rerun = Assert.Single(events, e => e.WorkflowId == rerunId);
        Assert.Equal("success", rerun.WorkflowStatus);
        Assert.Equal(created.Id, rerun.PipelineId);
        Assert.All(receiver.Received, r => Assert.True(new WebhookSignatureVerifier(secret).IsValid(r.Body, r.Signature)));
    }
}
