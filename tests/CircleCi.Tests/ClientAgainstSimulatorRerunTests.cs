using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>
/// The client's re-run and failing-step calls against the simulator's endpoints: the two were built
/// apart (client against canned answers, simulator over raw HTTP), so this is where they must agree.
/// </summary>
public sealed class ClientAgainstSimulatorRerunTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task FailedStepThenRerun_FailsOnceSucceedsInTheSamePipeline_TailRedacted()
    {
        var project = Project(Workflow("build", Job("compile", 2), Job("test", 3))) with { FailFirst = 1 };
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(10);
        var failed = await sim.SingleWorkflowAsync(created.Id);
        Assert.Equal("failed", failed.Status);
        var failedJob = Assert.Single(await sim.Client.GetJobsAsync(failed.Id), j => j.Status == "failed");

        var step = await sim.Client.GetFailedStepAsync(Slug, failedJob.JobNumber!.Value);

        Assert.NotNull(step);
        Assert.Equal(failedJob.Name, step.StepName);
        Assert.Equal(1, step.ExitCode);
        Assert.Equal(50, step.OutputTail.Count);
        Assert.Contains(step.OutputTail, l => l.Contains("Exited with code", StringComparison.Ordinal));
        // The simulator's output leaks a token-looking export line; the client must mask its value.
        var export = Assert.Single(step.OutputTail, l => l.StartsWith("export CIRCLECI_TOKEN=", StringComparison.Ordinal));
        Assert.DoesNotContain("CCIPAT_", export, StringComparison.Ordinal);

        var rerunId = await sim.Client.RerunWorkflowAsync(failed.Id);
        clock.AdvanceSeconds(10);

        var workflows = await sim.Client.GetWorkflowsAsync(created.Id);
        Assert.Equal([failed.Id, rerunId], workflows.Select(w => w.Id));
        Assert.Equal(["failed", "success"], workflows.Select(w => w.Status));
        Assert.Equal(1, sim.Host.GetStats().RerunsOf(Slug));
        Assert.Equal(1, sim.Host.GetStats().TriggersOf(Slug));
    }
}
