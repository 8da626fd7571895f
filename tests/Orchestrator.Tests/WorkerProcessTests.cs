using Release.Workflows.Release;

namespace Orchestrator.Tests;

/// <summary>The worker as a real process, killed with SIGKILL mid-release and started again.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class WorkerProcessTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_WorkerProcessKilledMidRelease_CompletesWithOneTriggerEach()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, inProcessWorker: false);
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = fixture.Client.Connection.Options.TargetHost!,
            ["TEMPORAL_NAMESPACE"] = fixture.Client.Options.Namespace,
            ["TEMPORAL_TASK_QUEUE"] = harness.TaskQueue,
            ["CIRCLECI_BASE_URL"] = harness.Simulator.BaseUrl.ToString(),
            ["CIRCLECI_TOKEN"] = ReleaseHarness.Token,
        };
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
