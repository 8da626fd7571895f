using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Orchestrator.Tests;

[Collection(OrchestratorCollection.Name)]
public sealed class ComponentWorkflowTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_OnHoldWithFailPolicy_FailsTheRelease()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllGated);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, OnHold: new OnHoldSettings(OnHoldAction.Fail, TimeSpan.Zero));
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), settings);

        var summary = await FailedSummaryAsync(handle);

        var component = Assert.Single(summary.Stages[0].Components);
        Assert.Equal("failed", component.Outcome);
        Assert.Contains("on hold", component.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OnHoldBeyondLimit_FailsAfterWaiting()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllGated);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, OnHold: new OnHoldSettings(OnHoldAction.Wait, TimeSpan.FromSeconds(2)));
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), settings);

        var summary = await FailedSummaryAsync(handle);

        var component = Assert.Single(summary.Stages[0].Components);
        Assert.Contains("on_hold limit", component.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RateLimitsServerErrorsAndLostTriggers_CompletesWithOneTriggerEach()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.Storm);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2", "a3"], ["b1"]));

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var stats = harness.Simulator.GetStats();
        Assert.True(stats.FaultsOf("rate_limited") > 0 && stats.FaultsOf("lost_trigger") > 0, string.Join(", ", stats.Faults));
        foreach (var name in new[] { "a1", "a2", "a3", "b1" })
        {
            Assert.Equal(1, stats.TriggersOf($"gh/acme/{name}"));
        }
    }

    [Fact]
    public async Task RunAsync_ManyPolls_ContinuesAsNewAndSucceeds()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var watch = ReleaseHarness.FastWatch with { PollsPerRun = 2 };
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), new ReleaseSettings(Watch: watch));

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var child = await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").FetchHistoryAsync();
        var started = child.Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.False(string.IsNullOrEmpty(started.ContinuedExecutionRunId), "the component workflow never continued as new");
    }

    [Fact]
    public async Task RunAsync_WorkerRestartedMidRelease_CompletesWithOneTriggerEach()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"], ["b1", "b2"]));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components.All(c => c.PipelineNumber is not null));

        await harness.RestartWorkerAsync();
        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var stats = harness.Simulator.GetStats();
        foreach (var name in new[] { "a1", "a2", "b1", "b2" })
        {
            Assert.Equal(1, stats.TriggersOf($"gh/acme/{name}"));
        }

        await ReplayAsync(handle.Id, "a1", "b2");
    }

    /// <summary>Replays the histories with the current code: a non-deterministic change fails here.</summary>
    private async Task ReplayAsync(string releaseId, params string[] components)
    {
        var histories = new List<Temporalio.Common.WorkflowHistory> { await fixture.Client.GetWorkflowHandle(releaseId).FetchHistoryAsync() };
        foreach (var component in components)
        {
            histories.Add(await fixture.Client.GetWorkflowHandle($"{releaseId}/{component}").FetchHistoryAsync());
        }

        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ReleaseWorkflow>().AddWorkflow<ComponentWorkflow>());
        foreach (var history in histories)
        {
            await replayer.ReplayWorkflowAsync(history);
        }
    }

    private static async Task<ReleaseSummary> FailedSummaryAsync(WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle)
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException);
        return cause.Details.ElementAt<ReleaseSummary>(0);
    }
}
