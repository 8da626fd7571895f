using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>
/// Status transitions seen through the client, with the simulator on a hand-moved clock: each
/// assertion looks at an exact instant, so nothing depends on how fast the machine is.
/// </summary>
public sealed class TimelineOverHttpTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task GetWorkflowAsync_FailedJobWhileSiblingRuns_IsFailingThenFailed()
    {
        var workflow = Workflow("build-and-test", Job("lint", 2, "failed").Independent(), Job("tests", 10).Independent());
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflow))), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        clock.AdvanceSeconds(2); // setup done at 1 s, lint runs 1..3 s
        var wf = await sim.SingleWorkflowAsync(created.Id);
        Assert.Equal("running", wf.Status);

        clock.AdvanceSeconds(2); // 4 s: lint failed, tests still running
        Assert.Equal("failing", (await sim.Client.GetWorkflowAsync(wf.Id)).Status);
        Assert.Equal(["failed", "running"], (await sim.Client.GetJobsAsync(wf.Id)).Select(j => j.Status));

        clock.AdvanceSeconds(10); // 14 s: tests finished at 11 s
        var final = await sim.Client.GetWorkflowAsync(wf.Id);
        Assert.Equal("failed", final.Status);
        Assert.Equal(ManualClock.Epoch.AddSeconds(11), final.StoppedAt);
        Assert.Equal(["failed", "success"], (await sim.Client.GetJobsAsync(wf.Id)).Select(j => j.Status));
    }

    [Fact]
    public async Task ApproveJobAsync_OnHoldWorkflow_ContinuesToSuccess()
    {
        var workflow = Workflow("release", Job("build", 2), Approval("hold"), Job("publish", 3));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflow))), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(1.5);
        var wf = await sim.SingleWorkflowAsync(created.Id);

        var early = await sim.Client.GetJobsAsync(wf.Id);
        Assert.Equal(["running", "blocked", "blocked"], early.Select(j => j.Status));
        var approval = early[1];
        Assert.Equal("approval", approval.Type);
        Assert.Null(approval.JobNumber);
        Assert.NotNull(approval.ApprovalRequestId);
        // Approving before the approval job waits is refused, as CircleCI does.
        var tooEarly = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.ApproveJobAsync(wf.Id, approval.ApprovalRequestId!));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooEarly.StatusCode);

        clock.AdvanceSeconds(100); // build done at 3 s; the hold waits as long as nobody approves
        Assert.Equal("on_hold", (await sim.Client.GetWorkflowAsync(wf.Id)).Status);
        Assert.Equal(["success", "on_hold", "blocked"], (await sim.Client.GetJobsAsync(wf.Id)).Select(j => j.Status));

        await sim.Client.ApproveJobAsync(wf.Id, approval.ApprovalRequestId!);
        Assert.Equal("running", (await sim.Client.GetWorkflowAsync(wf.Id)).Status);

        clock.AdvanceSeconds(3);
        Assert.Equal("success", (await sim.Client.GetWorkflowAsync(wf.Id)).Status);
        var jobs = await sim.Client.GetJobsAsync(wf.Id);
        Assert.Equal(["success", "success", "success"], jobs.Select(j => j.Status));
        Assert.NotNull(jobs[1].ApprovedBy);
    }

    [Fact]
    public async Task CancelWorkflowAsync_RunningWorkflow_CancelsItAndUnfinishedJobs()
    {
        var workflow = Workflow("build", Job("compile", 2), Job("test", 30), Job("deploy", 5));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflow))), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(5); // compile done at 3 s, test running
        var wf = await sim.SingleWorkflowAsync(created.Id);

        await sim.Client.CancelWorkflowAsync(wf.Id);
        clock.AdvanceSeconds(60);

        var canceled = await sim.Client.GetWorkflowAsync(wf.Id);
        Assert.Equal("canceled", canceled.Status);
        Assert.Equal(ManualClock.Epoch.AddSeconds(5), canceled.StoppedAt);
        Assert.NotNull(canceled.CanceledBy);
        var jobs = await sim.Client.GetJobsAsync(wf.Id);
        Assert.Equal(["success", "canceled", "canceled"], jobs.Select(j => j.Status));
        Assert.NotNull(jobs[1].StartedAt);
        Assert.Null(jobs[2].StartedAt);
    }

    [Fact]
    public async Task CancelWorkflowAsync_FinishedWorkflow_ChangesNothing()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", Job("compile", 2))))), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(10);
        var wf = await sim.SingleWorkflowAsync(created.Id);

        await sim.Client.CancelWorkflowAsync(wf.Id);

        Assert.Equal("success", (await sim.Client.GetWorkflowAsync(wf.Id)).Status);
    }

    [Fact]
    public async Task GetPipelineAsync_BeforeSetupDelay_IsPendingWithoutWorkflows()
    {
        var clock = new ManualClock(ManualClock.Epoch);
        var project = Project(Workflow("build", Job("compile"))) with { SetupDelaySeconds = 30 };
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        Assert.Equal("pending", created.State);
        clock.AdvanceSeconds(29);

        Assert.Equal("pending", (await sim.Client.GetPipelineAsync(created.Id)).State);
        Assert.Empty(await sim.Client.GetWorkflowsAsync(created.Id));

        clock.AdvanceSeconds(1);
        Assert.Equal("created", (await sim.Client.GetPipelineAsync(created.Id)).State);
        Assert.Single(await sim.Client.GetWorkflowsAsync(created.Id));
    }
}
