using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

[Collection(OrchestratorCollection.Name)]
public sealed class ReleaseWorkflowTests(OrchestratorFixture fixture)
{
    private const string CancelRoute = "POST /api/v2/workflow/{id}/cancel";

    [Fact]
    public async Task RunAsync_AllComponentsSucceed_ReportsEachStageAndTriggersOnce()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"], ["b1", "b2"], ["c1"]));

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Equal([1, 2, 3], summary.Stages.Select(s => s.Stage.Index));
        Assert.All(summary.Stages, s => Assert.Equal(StageOutcomes.Succeeded, s.Outcome));
        var stats = harness.Simulator.GetStats();
        foreach (var name in new[] { "a1", "a2", "b1", "b2", "c1" })
        {
            Assert.Equal(1, stats.TriggersOf($"gh/acme/{name}"));
        }

        var first = summary.Stages[0];
        Assert.Equal(2, first.Pipelines.Count);
        Assert.All(first.Components, c => Assert.Equal("success", Assert.Single(c.Pipeline!.Workflows).Status));
        Assert.All(first.Components, c => Assert.All(c.Pipeline!.Workflows[0].Jobs, j => Assert.NotNull(j.WebUrl)));
        Assert.Equal(3, harness.Reports.Events.Count(e => e.ContainsKey("StageReport")));
        var json = (string)harness.Reports.Events.First()["StageReport"]!;
        Assert.Contains("\"pipeline_guid\"", json, StringComparison.Ordinal);
        Assert.Contains("\"http_link\"", json, StringComparison.Ordinal);

        var progress = await handle.QueryAsync(wf => wf.GetProgress());
        Assert.All(progress.Stages.SelectMany(s => s.Components), c => Assert.NotNull(c.PipelineNumber));
        Assert.All(progress.Stages.SelectMany(s => s.Components), c => Assert.NotNull(c.TriggeredAt));
        Assert.True(progress.Stages[0].StartedAt < progress.Stages[2].StartedAt, "stages start in order");
        // Each pipeline's time is fixed where it ended, and a stage's end comes before the next one's triggers.
        Assert.All(progress.Stages.SelectMany(s => s.Components), c => Assert.True(c.FinishedAt >= c.TriggeredAt, $"{c.Name}: {c.TriggeredAt} to {c.FinishedAt}"));
        Assert.True(progress.Stages[0].Components.Max(c => c.FinishedAt) <= progress.Stages[1].Components.Min(c => c.TriggeredAt), "stage 2 triggers after stage 1 ended");

        var reports = await handle.QueryAsync(wf => wf.GetReports());
        Assert.Equal(summary.Stages.Select(s => s.Stage.Index), reports.Select(r => r.Stage.Index));
        // What a Temporal UI shows: the child's summary, the release's current details.
        var child = await fixture.Client.GetWorkflowHandle($"{handle.Id}/b1").DescribeAsync();
        Assert.Equal("b1 1.0.0-SNAPSHOT on main", await child.GetStaticSummaryAsync());
        var metadata = await handle.QueryAsync<Temporalio.Api.Sdk.V1.WorkflowMetadata>("__temporal_workflow_metadata", []);
        Assert.Contains("**Release acme 1.0.0-SNAPSHOT**: succeeded", metadata.CurrentDetails, StringComparison.Ordinal);
        Assert.Matches(@"\| 2 \| b1 \| succeeded \| \S+ \| \[#\d+\]\(https://app\.circleci\.com/pipelines/gh/acme/b1/\d+\) \|", metadata.CurrentDetails);
    }

    [Fact]
    public async Task RunAsync_FailingComponent_StopsStageAndReports()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.FailureInStageTwo);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2", "b3"], ["c1"]));

        var summary = await FailedSummaryAsync(handle, "ReleaseFailed");

        Assert.Equal(StageOutcomes.Failed, summary.Outcome);
        var stage = summary.Stages[^1];
        Assert.Equal(2, stage.Stage.Index);
        Assert.Contains("b2", stage.Reason, StringComparison.Ordinal);
        var failed = stage.Components.Single(c => c.Name == "b2");
        Assert.Equal("failed", failed.Outcome);
        Assert.Contains(failed.Pipeline!.Workflows.SelectMany(w => w.Jobs), j => j.Name == "unit-tests" && j.Status == "failed");
        var slow = stage.Components.Single(c => c.Name == "b3");
        Assert.Equal("stopped", slow.Outcome);
        Assert.Equal("running", Assert.Single(slow.Pipeline!.Workflows).Status);
        Assert.Equal(3, stage.Pipelines.Count);

        var stats = harness.Simulator.GetStats();
        Assert.Equal(0, stats.TriggersOf("gh/acme/c1"));
        Assert.Equal(0, stats.CallsTo(CancelRoute));

        // The failed component's own workflow is Failed (red in every Temporal UI), the others not.
        var b2 = await fixture.Client.GetWorkflowHandle($"{handle.Id}/b2").DescribeAsync();
        var b1 = await fixture.Client.GetWorkflowHandle($"{handle.Id}/b1").DescribeAsync();
        Assert.Equal(
            (Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Failed, Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Completed),
            (b2.Status, b1.Status));
        var childFailure = await Assert.ThrowsAsync<WorkflowFailedException>(() => fixture.Client.GetWorkflowHandle($"{handle.Id}/b2").GetResultAsync<ComponentResult>());
        var cause = Assert.IsType<ApplicationFailureException>(childFailure.InnerException);
        Assert.Equal((ComponentFailure.ErrorType, ComponentOutcome.Failed), (cause.ErrorType, cause.Details.ElementAt<ComponentResult>(0).Outcome));
        await HistoryExport.SaveIfAskedAsync("component-failed-as-failed.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/b2").FetchHistoryAsync());
        await HistoryExport.SaveIfAskedAsync("release-failed-component.json", await handle.FetchHistoryAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AbortAsync_MidRelease_ReportsStageAndEndsAborted(bool cancelPipelines)
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllRunningAtOnce);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"], ["b1"]));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components.All(c => c.PipelineNumber is not null));

        await handle.SignalAsync(wf => wf.AbortAsync(new AbortRequest("operator said stop", cancelPipelines)));
        var summary = await FailedSummaryAsync(handle, "ReleaseAborted");

        Assert.Equal(StageOutcomes.Aborted, summary.Outcome);
        var stage = Assert.Single(summary.Stages);
        Assert.Contains("operator said stop", stage.Reason, StringComparison.Ordinal);
        var expected = cancelPipelines ? "canceled" : "running";
        Assert.All(stage.Components, c => Assert.Equal(expected, Assert.Single(c.Pipeline!.Workflows).Status));
        // A canceled pipeline built nothing: it failed, as CircleCI says; one left running is stopped.
        var outcome = cancelPipelines ? ComponentOutcomes.Failed : ComponentOutcomes.Stopped;
        Assert.All(stage.Components, c => Assert.Equal(outcome, c.Outcome));
        Assert.Equal(["a1", "a2"], stage.Rerun);
        Assert.Contains($"needs a re-run: a1 ({ComponentOutcomes.Describe(outcome)}), a2", stage.Reason, StringComparison.Ordinal);
        Assert.EndsWith("; later stages not started: b1", summary.Reason, StringComparison.Ordinal);
        var stats = harness.Simulator.GetStats();
        Assert.Equal(0, stats.TriggersOf("gh/acme/b1"));
        Assert.Equal(cancelPipelines ? 2 : 0, stats.CallsTo(CancelRoute));
    }

    [Fact]
    public async Task RunAsync_DryRun_ReportsEveryStageWithoutTriggering()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, DryRun: true);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2"]), settings);

        var summary = await handle.GetResultAsync();

        Assert.Equal([StageOutcomes.DryRun, StageOutcomes.DryRun], summary.Stages.Select(s => s.Outcome));
        Assert.Empty(harness.Simulator.GetStats().Triggers);
    }

    [Fact]
    public async Task RunAsync_Histories_NeverContainTheToken()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.FailureInStageTwo);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2"]));
        await FailedSummaryAsync(handle, "ReleaseFailed");

        var ids = new[] { handle.Id, $"{handle.Id}/a1", $"{handle.Id}/b1", $"{handle.Id}/b2" };
        foreach (var id in ids)
        {
            var history = await fixture.Client.GetWorkflowHandle(id).FetchHistoryAsync();
            Assert.DoesNotContain(ReleaseHarness.Token, history.ToJson(), StringComparison.Ordinal);
        }

        Assert.All(harness.Reports.Events, e => Assert.DoesNotContain(ReleaseHarness.Token, (string)e["StageReport"]!, StringComparison.Ordinal));
    }

    internal static async Task<ReleaseSummary> FailedSummaryAsync(WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle, string errorType)
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException);
        Assert.Equal(errorType, cause.ErrorType);
        return cause.Details.ElementAt<ReleaseSummary>(0);
    }
}
