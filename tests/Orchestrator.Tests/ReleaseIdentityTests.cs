using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>One run per release at a time, started the way every client starts one.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class ReleaseIdentityTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task StartWorkflowAsync_SameReleaseWhileRunning_IsRefusedThenAllowedAfterItEnds()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllRunningAtOnce);
        var plan = UniquelyNamed(ReleaseHarness.Plan(["a1"]));
        var options = ReleaseWorkflowOptions.For(plan, harness.TaskQueue, withSearchAttributes: false);
        var input = new ReleaseInput(plan, new ReleaseSettings(Watch: ReleaseHarness.FastWatch));
        var first = await fixture.Client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(input), options);

        var refused = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(
            () => fixture.Client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(input), options));
        Assert.Equal(ReleaseWorkflowOptions.WorkflowId(plan), refused.WorkflowId);

        await first.SignalAsync(wf => wf.AbortAsync(new AbortRequest("test over", CancelPipelines: false)));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => first.GetResultAsync());
        var again = await fixture.Client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(input), options);
        Assert.NotEqual(first.ResultRunId, again.ResultRunId);
        await again.SignalAsync(wf => wf.AbortAsync(new AbortRequest("test over", CancelPipelines: false)));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => again.GetResultAsync());
    }

    [Fact]
    public void WorkflowId_OddCharactersInNameOrVersion_AreReplacedSoTheIdNeedsNoQuoting()
    {
        var plan = ReleaseHarness.Plan(["a1"]) with { ReleaseName = "Acme Suite/EU", ReleaseVersion = "2.0.0+build 7" };

        Assert.Equal("release-acme-suite-eu-2.0.0-build-7", ReleaseWorkflowOptions.WorkflowId(plan));
    }

    private static ExecutionPlan UniquelyNamed(ExecutionPlan plan) => plan with { ReleaseName = $"acme-{Guid.NewGuid():N}" };
}
