using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>Decisions on failure, approval gates and pauses, through the SDK's Updates against the worker and the simulator.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class ReleaseControlTests(OrchestratorFixture fixture)
{
    private static readonly ReleaseSettings Ask = new(Watch: ReleaseHarness.FastWatch, OnFailure: FailurePolicy.Ask);

    [Fact]
    public async Task Decide_Retry_TriggersANewPipelineAndTheReleaseSucceeds()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2FailsOnce);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2"], ["c1"]), Ask, timeout: TimeSpan.FromSeconds(90));
        var progress = await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);

        var waiting = Assert.Single(progress.Waiting!);
        Assert.Equal((WaitingFor.Decision, "b2"), (waiting.Kind, waiting.Component));
        Assert.Equal("awaiting_decision", progress.Status);
        Assert.Equal(0, harness.Simulator.GetStats().TriggersOf("gh/acme/c1"));
        await AssertRejectedAsync(handle, new DecisionRequest("zz", DecisionAction.Retry, "flake", "alice"), "no component zz");
        await AssertRejectedAsync(handle, new DecisionRequest("b22", DecisionAction.Retry, "flake", "alice"), "no component b22 in this release; did you mean b2?");
        await AssertRejectedAsync(handle, new DecisionRequest("b1", DecisionAction.Retry, "flake", "alice"), "b1 is not waiting for a decision");
        await AssertRejectedAsync(handle, new DecisionRequest("b2", DecisionAction.Retry, " ", "alice"), "non-empty by and reason");

        var message = await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Retry, "known flake", "alice")));
        await AssertRejectedAsync(handle, new DecisionRequest("b2", DecisionAction.Skip, "again", "bob"), "b2");
        var summary = await handle.GetResultAsync();

        Assert.Contains("new pipeline", message, StringComparison.Ordinal);
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var stats = harness.Simulator.GetStats();
        Assert.Equal((2, 1, 0), (stats.TriggersOf("gh/acme/b2"), stats.TriggersOf("gh/acme/c1"), stats.RerunsOf("gh/acme/b2")));
        var retry = Assert.Single(summary.Actions!);
        Assert.Equal((OperatorActionKinds.Retry, "alice", "known flake", "b2"), (retry.Kind, retry.By, retry.Reason, retry.Component));
        var b2 = summary.Stages[1].Components.Single(c => c.Name == "b2");
        Assert.Equal((ComponentOutcomes.Succeeded, OperatorActionKinds.Retry), (b2.Outcome, b2.Decision?.Kind));

        // The rejected Updates left nothing in the history; the accepted one is there once.
        var history = await handle.FetchHistoryAsync();
        Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        await HistoryExport.SaveIfAskedAsync("release-decision-retry.json", history);
    }

    [Fact]
    public async Task Decide_RerunFailed_RerunsTheFailedWorkflowInTheSamePipeline()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2FailsOnce);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"]), Ask, timeout: TimeSpan.FromSeconds(90));
        var progress = await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);
        var failedPipeline = progress.Stages[0].Components.Single(c => c.Name == "b2").PipelineNumber;

        var message = await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Retry, "flaky test", "alice", RerunFailed: true)));
        var summary = await handle.GetResultAsync();

        Assert.Contains($"pipeline #{failedPipeline}", message, StringComparison.Ordinal);
        var stats = harness.Simulator.GetStats();
        Assert.Equal((1, 1), (stats.TriggersOf("gh/acme/b2"), stats.RerunsOf("gh/acme/b2")));
        var b2 = summary.Stages[0].Components.Single(c => c.Name == "b2");
        Assert.Equal((ComponentOutcomes.Succeeded, failedPipeline), (b2.Outcome, b2.Pipeline?.Number));
        Assert.Equal(["failed", "success"], b2.Pipeline!.Workflows.OrderBy(w => w.CreatedAt).Select(w => w.Status));
        Assert.Equal(OperatorActionKinds.RerunFailed, b2.Decision?.Kind);
        await HistoryExport.SaveIfAskedAsync("component-rerun-failed.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/b2/attempt-2").FetchHistoryAsync());
    }

    [Fact]
    public async Task Decide_Skip_RecordsTheSkipAndLetsLaterStagesRun()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"], ["c1"]), Ask, timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);

        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Skip, "released by hand", "carol")));
        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Contains("skipped by an operator: b2", summary.Reason, StringComparison.Ordinal);
        var b2 = summary.Stages[0].Components.Single(c => c.Name == "b2");
        Assert.Equal(ComponentOutcomes.Skipped, b2.Outcome);
        Assert.Contains("skipped by carol: released by hand", b2.Reason, StringComparison.Ordinal);
        Assert.Equal(("carol", "released by hand"), (b2.Decision?.By, b2.Decision?.Reason));
        Assert.Equal(1, harness.Simulator.GetStats().TriggersOf("gh/acme/c1"));
        Assert.Contains(harness.Reports.Events, e => e.TryGetValue("StageReport", out var r) && ((string)r!).Contains("\"decision\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decide_Abort_EndsTheReleaseWithItsReason()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"], ["c1"]), Ask, timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);

        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Abort, "needs a code fix", "dave")));
        var summary = await ReleaseWorkflowTests.FailedSummaryAsync(handle, "ReleaseAborted");

        Assert.Equal(StageOutcomes.Aborted, summary.Outcome);
        Assert.Contains("needs a code fix (decided by dave on the failure of b2)", summary.Reason, StringComparison.Ordinal);
        Assert.Contains("later stages not started: c1", summary.Reason, StringComparison.Ordinal);
        Assert.Equal(ComponentOutcomes.Failed, summary.Stages[0].Components.Single(c => c.Name == "b2").Outcome);
        Assert.Equal(0, harness.Simulator.GetStats().TriggersOf("gh/acme/c1"));
    }

    [Fact]
    public async Task Waiting_ForADecision_ShowsTheFailingStepAndItsOutputBeforeAnyDecision()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"]), Ask, timeout: TimeSpan.FromSeconds(90));

        var progress = await harness.WaitForProgressAsync(handle, p => p.Waiting?.SingleOrDefault()?.FailedJobs is not null);

        var job = Assert.Single(progress.Waiting![0].FailedJobs!);
        var step = job.FailedStep!;
        Assert.Equal(("unit-tests", "unit-tests", 1L), (job.Name, step.Name, step.ExitCode!.Value));
        Assert.Contains("Exited with code exit status 1", step.OutputTail[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(step.OutputTail, l => l.Contains("CCIPAT_", StringComparison.Ordinal));
        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Abort, "needs a code fix", "dave")));
        var summary = await ReleaseWorkflowTests.FailedSummaryAsync(handle, "ReleaseAborted");
        Assert.Equal(StageOutcomes.Aborted, summary.Outcome);
        await HistoryExport.SaveIfAskedAsync("release-decision-output.json", await handle.FetchHistoryAsync());
    }

    [Fact]
    public async Task Decide_NoAnswerWithinTheTimeout_AbortsTheRelease()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails);
        var settings = Ask with { DecisionTimeout = TimeSpan.FromSeconds(2) };
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"]), settings, timeout: TimeSpan.FromSeconds(90));

        var summary = await ReleaseWorkflowTests.FailedSummaryAsync(handle, "ReleaseAborted");

        Assert.Contains("no decision for component b2 within 2s", summary.Reason, StringComparison.Ordinal);
        var timedOut = Assert.Single(summary.Actions!);
        Assert.Equal((OperatorActionKinds.DecisionTimedOut, "b2"), (timedOut.Kind, timedOut.Component));
    }

    [Fact]
    public async Task Decide_OnAReleaseThatStopsAtFailures_IsRejected()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.A1Medium);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].PipelineNumber is not null);

        await AssertRejectedAsync(handle, new DecisionRequest("a1", DecisionAction.Skip, "x", "alice"), "--on-failure stop");
        await handle.SignalAsync(wf => wf.AbortAsync(new AbortRequest("test over")));
    }

    [Fact]
    public async Task Approve_HoldsTheStageUntilApproved()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, ApproveBeforeStages: [2]);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]), settings, timeout: TimeSpan.FromSeconds(90));
        var progress = await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);

        Assert.Equal((WaitingFor.Approval, 2), (progress.Waiting![0].Kind, progress.Waiting[0].Stage));
        Assert.Equal("awaiting_approval", progress.Stages[1].Components[0].Status);
        Assert.Equal("awaiting_approval", progress.Status);
        Assert.Equal(0, harness.Simulator.GetStats().TriggersOf("gh/acme/b1"));
        await AssertRejectedAsync(handle, new ApprovalRequest("go", "erin", Stage: 3), "not stage 3");

        var message = await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new ApprovalRequest("change approved in CAB-12", "erin")));
        var summary = await handle.GetResultAsync();

        Assert.StartsWith("stage 2 approved", message, StringComparison.Ordinal);
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var approval = Assert.Single(summary.Actions!);
        Assert.Equal((OperatorActionKinds.Approve, "erin", 2), (approval.Kind, approval.By, approval.Stage));
        await HistoryExport.SaveIfAskedAsync("release-approval.json", await handle.FetchHistoryAsync());
    }

    [Fact]
    public async Task Pause_HoldsNewStartsUntilUnpaused()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.A1Medium);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]), timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].PipelineNumber is not null);

        await handle.ExecuteUpdateAsync(wf => wf.PauseAsync(new PauseRequest("freeze for the incident", "frank")));
        await AssertRejectedAsync(handle, new PauseRequest("again", "gina"), "already paused, by frank");
        var paused = await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].Status == ComponentOutcomes.Succeeded);

        Assert.Equal(("paused", "queued"), (paused.Status, paused.Stages[1].Components[0].Status));
        Assert.Equal("frank", paused.Paused?.By);
        Assert.Equal(0, harness.Simulator.GetStats().TriggersOf("gh/acme/b1"));
        var message = await handle.ExecuteUpdateAsync(wf => wf.UnpauseAsync(new PauseRequest("incident over", "frank")));
        await AssertRejectedAsync(handle, new PauseRequest("again", "gina"), "not paused", unpause: true);
        var summary = await handle.GetResultAsync();

        Assert.StartsWith("unpaused after", message, StringComparison.Ordinal);
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var pause = Assert.Single(summary.Pauses!);
        Assert.Equal(("frank", "freeze for the incident", "frank"), (pause.By, pause.Reason, pause.UnpausedBy));
        Assert.True(pause.Until > pause.From);
        Assert.Equal([OperatorActionKinds.Pause, OperatorActionKinds.Unpause], summary.Actions!.Select(a => a.Kind));
        await HistoryExport.SaveIfAskedAsync("release-paused.json", await handle.FetchHistoryAsync());
    }

    [Fact]
    public async Task WorkerRestart_WhileWaitingForADecision_KeepsWaitingAndTheDecisionWorks()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2FailsOnce);
        var settings = Ask with { ApproveBeforeStages = [2] };
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "b2"], ["c1"]), settings, timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);

        await harness.RestartWorkerAsync();
        var afterRestart = await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);
        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Retry, "flake", "alice")));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Any(w => w.Kind == WaitingFor.Approval) == true);
        await harness.RestartWorkerAsync();
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Any(w => w.Kind == WaitingFor.Approval) == true);
        await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new ApprovalRequest("go", "erin")));
        var summary = await handle.GetResultAsync();

        Assert.Equal("b2", afterRestart.Waiting![0].Component);
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Equal([OperatorActionKinds.Retry, OperatorActionKinds.Approve], summary.Actions!.Select(a => a.Kind));
        Assert.Equal(1, harness.Simulator.GetStats().TriggersOf("gh/acme/c1"));
    }

    private static async Task AssertRejectedAsync<T>(WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle, T request, string expected, bool unpause = false)
    {
        var e = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => request switch
        {
            DecisionRequest d => handle.ExecuteUpdateAsync(wf => wf.DecideAsync(d)),
            ApprovalRequest a => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(a)),
            PauseRequest p when unpause => handle.ExecuteUpdateAsync(wf => wf.UnpauseAsync(p)),
            PauseRequest p => handle.ExecuteUpdateAsync(wf => wf.PauseAsync(p)),
            _ => throw new ArgumentException("not an operator request", nameof(request)),
        });
        Assert.Contains(expected, e.InnerException?.Message, StringComparison.Ordinal);
    }
}
