using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Orchestrator.Tests;

/// <summary>The dependency-graph schedule and the parallelism cap, end to end.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class GraphScheduleTests(OrchestratorFixture fixture)
{
    private static readonly ReleaseSettings Graph = new(Watch: ReleaseHarness.FastWatch, Schedule: ReleaseSchedule.Graph);

    [Fact]
    public async Task Graph_ComponentStartsBeforeTheSlowestPipelineOfTheStageBeforeEnds()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.A1Medium);
        var plan = ReleaseHarness.PlanWithDependencies([["a1", "a2"], ["b2"]], new Dictionary<string, string[]> { ["b2"] = ["a2"] });
        var handle = await harness.StartReleaseAsync(plan, Graph, timeout: TimeSpan.FromSeconds(90));

        var early = await harness.WaitForProgressAsync(handle, p => p.Stages[1].Components[0].Status == ComponentOutcomes.Succeeded);
        var summary = await handle.GetResultAsync();

        Assert.Equal("running", early.Stages[0].Components.Single(c => c.Name == "a1").Status);
        Assert.Equal(ReleaseSchedule.Graph, early.Schedule);
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Equal([1, 2], summary.Stages.Select(s => s.Stage.Index));
        Assert.Equal(ReleaseSchedule.Graph, summary.Schedule);
        await HistoryExport.SaveIfAskedAsync("release-graph.json", await handle.FetchHistoryAsync());
    }

    [Fact]
    public async Task Graph_FirstFailure_StartsNothingMoreAndReportsWhatRan()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.A1FailsA2Medium);
        var plan = ReleaseHarness.PlanWithDependencies(
            [["a1", "a2", "a3"], ["b1", "b3"]], new Dictionary<string, string[]> { ["b1"] = ["a1"], ["b3"] = ["a3"] });
        var handle = await harness.StartReleaseAsync(plan, Graph, timeout: TimeSpan.FromSeconds(90));

        var summary = await ReleaseWorkflowTests.FailedSummaryAsync(handle, "ReleaseFailed");

        var first = summary.Stages.Single(s => s.Stage.Index == 1);
        Assert.Equal(StageOutcomes.Failed, first.Outcome);
        Assert.Equal(
            [("a1", ComponentOutcomes.Failed), ("a2", ComponentOutcomes.Stopped), ("a3", ComponentOutcomes.Succeeded)],
            first.Components.Select(c => (c.Name, c.Outcome)));
        Assert.Contains("component a1 failed", first.Reason, StringComparison.Ordinal);
        var stats = harness.Simulator.GetStats();
        Assert.Equal(0, stats.TriggersOf("gh/acme/b1"));

        // b3 may have started (its dependency a3 is quick) before a1 failed: whatever ran is reported.
        if (stats.TriggersOf("gh/acme/b3") > 0)
        {
            var second = summary.Stages.Single(s => s.Stage.Index == 2);
            Assert.Equal(ComponentOutcomes.NotStarted, second.Components.Single(c => c.Name == "b1").Outcome);
        }
        else
        {
            Assert.Contains("later stages not started: b1, b3", summary.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ReleaseSchedule.Stages)]
    [InlineData(ReleaseSchedule.Graph)]
    public async Task MaxParallel_IsNeverExceeded(ReleaseSchedule schedule)
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var plan = ReleaseHarness.Plan(["a1", "a2", "a3", "a4", "a5"], ["b1", "b2", "b3"]);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, Schedule: schedule, MaxParallel: 2);
        var handle = await harness.StartReleaseAsync(plan, settings, timeout: TimeSpan.FromSeconds(120));

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var stats = harness.Simulator.GetStats();
        Assert.InRange(stats.MaxPipelinesInFlight, 1, 2);
        Assert.Equal(8, stats.Triggers.Values.Sum());
        await HistoryExport.SaveIfAskedAsync($"release-max-parallel-{schedule.ToString().ToLowerInvariant()}.json", await handle.FetchHistoryAsync());
    }
}
