using System.Collections.Concurrent;
using Release.Workflows.CircleCi;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>
/// The stage report says what CircleCI says: outcomes at snapshot time, the failed jobs, what to
/// re-run, and a failure's own cause, the same in the summary, the report and the log event.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class StageReportTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_FailureAfterAnotherPipelineSucceeded_ReportsItSucceededAndListsTheReruns()
    {
        // The watch never sees b1 succeed, and sees b2 fail only once CircleCI has b1 succeeded:
        // b1 is still watched when the stage stops, yet its pipeline had finished.
        var projects = new ConcurrentDictionary<string, string>();
        ReleaseHarness? harness = null;
        async Task<PipelineStatus> Filter(string id, PipelineStatus real)
        {
            if (!projects.TryGetValue(id, out var project))
            {
                project = projects[id] = (await harness!.CircleCi.GetPipelineAsync(id)).ProjectSlug;
            }

            var hide = project == "gh/acme/b1" || (project == "gh/acme/b2" && !await SucceededAsync(harness!, projects, "gh/acme/b1"));
            return hide ? real with { Workflows = real.Workflows.Select(w => w with { Status = CircleCiWorkflowStatus.Running }).ToList() } : real;
        }

        harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.SucceededFailedRunning, statusFilter: Filter);
        await using var disposeHarness = harness;
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2", "b3"], ["c1"]));

        var (message, summary) = await FailureAsync(handle);

        var stage = summary.Stages[^1];
        var b1 = stage.Components.Single(c => c.Name == "b1");
        Assert.Equal(ComponentOutcomes.Succeeded, b1.Outcome);
        Assert.Contains("finished after the release stopped watching it", b1.Reason, StringComparison.Ordinal);
        var b2 = stage.Components.Single(c => c.Name == "b2");
        Assert.Equal(ComponentOutcomes.Failed, b2.Outcome);
        Assert.Equal("job unit-tests in workflow build failed at step \"unit-tests\" (exit 1)", b2.Reason);
        Assert.Equal(ComponentOutcomes.Stopped, stage.Components.Single(c => c.Name == "b3").Outcome);
        Assert.Equal(["b2", "b3"], stage.Rerun);

        const string Expected = "component b2 failed: job unit-tests in workflow build failed at step \"unit-tests\" (exit 1); needs a re-run: b2 (failed), b3 (stopped while running)";
        Assert.Equal(Expected, stage.Reason);
        Assert.Equal($"{Expected}; later stages not started: c1", summary.Reason);
        Assert.Contains(summary.Reason, message, StringComparison.Ordinal);
        var logged = harness.Reports.Events.Last();
        Assert.Equal(Expected, logged["StageReason"]);
        Assert.Contains("\"rerun\":[\"b2\",\"b3\"]", (string)logged["StageReport"]!, StringComparison.Ordinal);

        var progress = await handle.QueryAsync(wf => wf.GetProgress());
        var statuses = progress.Stages[1].Components.ToDictionary(c => c.Name, c => c.Status);
        Assert.Equal(["succeeded", "failed", "stopped"], new[] { statuses["b1"], statuses["b2"], statuses["b3"] });
    }

    [Fact]
    public async Task RunAsync_CircleCiRefusesTheToken_CarriesCircleCisMessageToEveryView()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.WrongToken);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]));

        var (message, summary) = await FailureAsync(handle);

        const string Refusal = "401 Unauthorized: You must log in first.";
        var component = Assert.Single(summary.Stages[0].Components);
        Assert.Equal(ComponentOutcomes.Failed, component.Outcome);
        Assert.Contains("project/gh/acme/a1/pipeline", component.Reason, StringComparison.Ordinal);
        Assert.Contains(Refusal, component.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"component a1 failed: {component.Reason}", summary.Stages[0].Reason, StringComparison.Ordinal);
        Assert.Contains(Refusal, summary.Reason, StringComparison.Ordinal);
        Assert.Contains(Refusal, message, StringComparison.Ordinal);
        var logged = Assert.Single(harness.Reports.Events);
        Assert.Contains(Refusal, (string)logged["StageReason"]!, StringComparison.Ordinal);
        Assert.Contains(Refusal, (string)logged["StageReport"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Activity task failed", (string)logged["StageReport"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Activity task failed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AbortAsync_CircleCiRefusesToCancel_ReportsTheStageWithTheRefusal()
    {
        const string Refusal = "CircleCI POST workflow/{id}/cancel answered 403 Forbidden: Permission denied.";
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllRunningAtOnce, cancelRefusal: Refusal);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components.All(c => c.PipelineNumber is not null));

        await handle.SignalAsync(wf => wf.AbortAsync(new AbortRequest("bad tag", CancelPipelines: true)));
        var (message, summary) = await FailureAsync(handle, "ReleaseAborted");

        var stage = Assert.Single(summary.Stages);
        Assert.Equal(StageOutcomes.Aborted, stage.Outcome);
        Assert.StartsWith($"aborted: bad tag (cancelling the running CircleCI workflows failed: {Refusal})", stage.Reason, StringComparison.Ordinal);
        Assert.Equal(ComponentOutcomes.Stopped, Assert.Single(stage.Components).Outcome);
        Assert.Contains(Refusal, message, StringComparison.Ordinal);
        Assert.Contains(Refusal, (string)Assert.Single(harness.Reports.Events)["StageReason"]!, StringComparison.Ordinal);
    }

    private static async Task<bool> SucceededAsync(ReleaseHarness harness, ConcurrentDictionary<string, string> projects, string project)
    {
        var id = projects.FirstOrDefault(p => p.Value == project).Key;
        if (id is null)
        {
            return false;
        }

        var workflows = await harness.CircleCi.GetWorkflowsAsync(id);
        return workflows.Count > 0 && workflows.All(w => w.Status == "success");
    }

    private static async Task<(string Message, ReleaseSummary Summary)> FailureAsync(
        WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle, string errorType = "ReleaseFailed")
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException);
        Assert.Equal(errorType, cause.ErrorType);
        return (cause.Message, cause.Details.ElementAt<ReleaseSummary>(0));
    }
}
