using Release.Workflows.Release;
using Release.Workflows.Release.Control;

namespace Orchestrator.Tests;

/// <summary>The worker as a real process, killed with SIGKILL mid-release and started again.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class WorkerProcessTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_WorkerProcessKilledMidRelease_CompletesWithOneTriggerEach()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, inProcessWorker: false);
        var environment = WorkerEnvironment(harness);
        // A call held by the killed worker is retried once its start-to-close timeout passes.
        var watch = ReleaseHarness.FastWatch with { CallTimeout = TimeSpan.FromSeconds(3) };
        var stages = new[] { new[] { "a1", "a2", "a3" }, ["b1", "b2"] };

        using (var first = WorkerProcess.Start(environment))
        {
            var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(stages), new ReleaseSettings(Watch: watch));
            await WaitUntilAsync(() => harness.Simulator.GetStats().TriggersOf("gh/acme/a1") > 0, first);
            first.Kill();

            using var second = WorkerProcess.Start(environment);
            var summary = await handle.GetResultAsync();

            Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
            Assert.Equal(2, summary.Stages.Count);
        }

        var stats = harness.Simulator.GetStats();
        foreach (var name in stages.SelectMany(s => s))
        {
            Assert.Equal(1, stats.TriggersOf($"gh/acme/{name}"));
        }
    }

    [Fact]
    public async Task WorkerProcessKilled_WhileTheReleaseWaitsForADecisionAndAnApproval_BothStillWork()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2FailsOnce, inProcessWorker: false);
        var environment = WorkerEnvironment(harness);
        var settings = new ReleaseSettings(
            Watch: ReleaseHarness.FastWatch with { CallTimeout = TimeSpan.FromSeconds(3) },
            OnFailure: FailurePolicy.Ask,
            ApproveBeforeStages: [2]);
        var first = WorkerProcess.Start(environment);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "b2"], ["c1"]), settings, timeout: TimeSpan.FromSeconds(120));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);
        first.Kill();
        first.Dispose();

        using var second = WorkerProcess.Start(environment);
        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Retry, "flake", "alice")));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Any(w => w.Kind == WaitingFor.Approval) == true);
        second.Kill();

        using var third = WorkerProcess.Start(environment);
        await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new ApprovalRequest("go", "erin")));
        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Equal([OperatorActionKinds.Retry, OperatorActionKinds.Approve], summary.Actions!.Select(a => a.Kind));
        var stats = harness.Simulator.GetStats();
        Assert.Equal((2, 1), (stats.TriggersOf("gh/acme/b2"), stats.TriggersOf("gh/acme/c1")));
    }

    private static Dictionary<string, string> WorkerEnvironment(ReleaseHarness harness) => new()
    {
        ["TEMPORAL_ADDRESS"] = harness.Client.Connection.Options.TargetHost!,
        ["TEMPORAL_NAMESPACE"] = harness.Client.Options.Namespace,
        ["TEMPORAL_TASK_QUEUE"] = harness.TaskQueue,
        ["CIRCLECI_BASE_URL"] = harness.Simulator.BaseUrl.ToString(),
        ["CIRCLECI_TOKEN"] = ReleaseHarness.Token,
    };

    private static async Task WaitUntilAsync(Func<bool> condition, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the worker process never triggered a pipeline; its output:\n{worker.Output}");
            await Task.Delay(50);
        }
    }
}
