using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>The simulator's pure status function, checked at exact instants.</summary>
public sealed class TimelineTests
{
    private static readonly DateTimeOffset T0 = ManualClock.Epoch;

    private static PipelineRun Run(ProjectSpec spec, double timeScale = 1)
    {
        long jobNumber = 0;
        var plan = PlanBuilder.Build(spec, new Random(1), () => ++jobNumber);
        return new PipelineRun("p1", "gh/acme/api", 1, "main", null, new Dictionary<string, System.Text.Json.JsonElement>(), "sha", T0, timeScale, plan);
    }

    private static WorkflowView At(PipelineRun run, double seconds) => Timeline.Compute(run, T0.AddSeconds(seconds)).Workflows.Single();

    private static string[] Jobs(WorkflowView workflow) => workflow.Jobs.Select(j => j.Status).ToArray();

    [Fact]
    public void Compute_Sequence_GoesBlockedQueuedRunningSuccess()
    {
        var run = Run(Project(Workflow("w", Job("a", 2) with { QueueSeconds = 1 }, Job("b", 3))));

        Assert.Equal("pending", Timeline.Compute(run, T0.AddSeconds(0.5)).State);
        Assert.Equal(["queued", "blocked"], Jobs(At(run, 1.5)));
        Assert.Equal(["running", "blocked"], Jobs(At(run, 2.5)));
        Assert.Equal(["success", "running"], Jobs(At(run, 4)));
        var done = At(run, 7);
        Assert.Equal("success", done.Status);
        Assert.Equal(T0.AddSeconds(7), done.StoppedAt);
        Assert.Equal(T0.AddSeconds(2), done.Jobs[0].StartedAt);
    }

    [Fact]
    public void Compute_FailedJobWithRunningSibling_IsFailingThenFailed()
    {
        var run = Run(Project(Workflow("w", Job("lint", 1, "failed").Independent(), Job("test", 5).Independent(), Job("deploy", 1))));

        Assert.Equal("running", At(run, 1.5).Status);
        Assert.Equal("failing", At(run, 2.5).Status);
        Assert.Equal(["failed", "running", "blocked"], Jobs(At(run, 2.5)));
        // deploy requires test only (the previous job), so it still runs: nothing depends on lint.
        Assert.Equal("failing", At(run, 6).Status);
        Assert.Equal(["failed", "success", "running"], Jobs(At(run, 6)));
        Assert.Equal(["failed", "success", "success"], Jobs(At(run, 7)));
        Assert.Equal("failed", At(run, 7).Status);
    }

    [Fact]
    public void Compute_FailedUpstream_MakesDownstreamNotRun()
    {
        var run = Run(Project(Workflow("w", Job("build", 1, "failed"), Job("test", 1), Job("deploy", 1))));

        var done = At(run, 2);

        Assert.Equal("failed", done.Status);
        Assert.Equal(["failed", "not_run", "not_run"], Jobs(done));
    }

    [Fact]
    public void Compute_Approval_IsOnHoldUntilApproved()
    {
        var run = Run(Project(Workflow("w", Job("build", 1), Approval("hold"), Job("publish", 2))));
        var hold = run.Plan.Workflows[0].Jobs[1];

        Assert.Equal("on_hold", At(run, 1000).Status);
        Assert.Equal(["success", "on_hold", "blocked"], Jobs(At(run, 1000)));

        var approved = run with { Approvals = run.Approvals.Add(hold.Id, T0.AddSeconds(10)) };
        Assert.Equal("on_hold", At(approved, 9).Status);
        Assert.Equal(["success", "success", "running"], Jobs(At(approved, 11)));
        Assert.Equal("success", At(approved, 12).Status);
    }

    [Fact]
    public void Compute_Cancel_SetsWorkflowAndUnfinishedJobsCanceled()
    {
        var run = Run(Project(Workflow("w", Job("a", 1), Job("b", 10), Job("c", 1))));
        var canceled = run with { Cancellations = run.Cancellations.Add(run.Plan.Workflows[0].Id, T0.AddSeconds(4)) };

        Assert.Equal("running", At(canceled, 3.9).Status);
        var after = At(canceled, 5);
        Assert.Equal("canceled", after.Status);
        Assert.True(after.CanceledByUser);
        Assert.Equal(T0.AddSeconds(4), after.StoppedAt);
        Assert.Equal(["success", "canceled", "canceled"], Jobs(after));
    }

    [Fact]
    public void Compute_CancelOnHold_CancelsTheApproval()
    {
        var run = Run(Project(Workflow("w", Job("a", 1), Approval("hold"), Job("c", 1))));
        var canceled = run with { Cancellations = run.Cancellations.Add(run.Plan.Workflows[0].Id, T0.AddSeconds(5)) };

        Assert.Equal(["success", "canceled", "canceled"], Jobs(At(canceled, 6)));
        Assert.Equal("canceled", At(canceled, 6).Status);
    }

    [Fact]
    public void Compute_TimeScale_ShrinksWallClock()
    {
        var run = Run(Project(Workflow("w", Job("a", 10))), timeScale: 0.1);

        Assert.Equal("running", At(run, 1.05).Status);
        var done = At(run, 1.1);
        Assert.Equal("success", done.Status);
        Assert.Equal(T0.AddSeconds(1.1), done.StoppedAt);
    }

    [Fact]
    public void Compute_UnauthorizedJob_MakesWorkflowUnauthorized()
    {
        var run = Run(Project(Workflow("w", Job("deploy", 0, "unauthorized"), Job("after", 1))));

        Assert.Equal("unauthorized", At(run, 1).Status);
        Assert.Equal(["unauthorized", "not_run"], Jobs(At(run, 1)));
    }

    [Fact]
    public void Compute_FixedStatus_HoldsFromTheStart()
    {
        var run = Run(Project(new WorkflowSpec { Name = "w", FixedStatus = "error", Jobs = [Job("a")] }));

        var view = At(run, 1);

        Assert.Equal("error", view.Status);
        Assert.Equal(T0.AddSeconds(1), view.StoppedAt);
        Assert.Equal(["not_run"], Jobs(view));
    }
}
