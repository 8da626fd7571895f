using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>failFirst: a project's first N triggered pipelines fail, the later ones succeed.</summary>
public sealed class FailFirstTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task Trigger_FailFirstTwoWithoutAFailingJob_FailsTwiceOnADefaultJobThenSucceeds()
    {
        var project = Project(Workflow("build", Job("compile"), Job("test"))) with { FailFirst = 2 };
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await sim.Client.TriggerPipelineAsync(Slug, "main")).Id);
        }

        clock.AdvanceSeconds(10);
        var statuses = new List<string>();
        foreach (var id in ids)
        {
            statuses.Add((await sim.SingleWorkflowAsync(id)).Status);
        }

        Assert.Equal(["failed", "failed", "success"], statuses);
        var firstJobs = await sim.Client.GetJobsAsync((await sim.SingleWorkflowAsync(ids[0])).Id);
        Assert.Equal(["success", "failed"], firstJobs.Select(j => j.Status));
    }

    [Fact]
    public async Task Trigger_FailFirstOneWithAScenarioFailure_FailsAsWrittenThenSucceeds()
    {
        var project = Project(Workflow("build", Job("lint", 1, "infrastructure_fail").Independent(), Job("test").Independent())) with { FailFirst = 1 };
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        var first = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var second = await sim.Client.TriggerPipelineAsync(Slug, "main");

        clock.AdvanceSeconds(10);

        var failed = await sim.SingleWorkflowAsync(first.Id);
        Assert.Equal("failed", failed.Status);
        Assert.Equal(["infrastructure_fail", "success"], (await sim.Client.GetJobsAsync(failed.Id)).Select(j => j.Status));
        Assert.Equal("success", (await sim.SingleWorkflowAsync(second.Id)).Status);
    }

    [Fact]
    public async Task Trigger_NoFailFirst_FailsEveryTimeAsWritten()
    {
        var project = Project(Workflow("build", Job("lint", 1, "failed")));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        var first = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var second = await sim.Client.TriggerPipelineAsync(Slug, "main");

        clock.AdvanceSeconds(10);

        Assert.Equal("failed", (await sim.SingleWorkflowAsync(first.Id)).Status);
        Assert.Equal("failed", (await sim.SingleWorkflowAsync(second.Id)).Status);
    }

    [Theory]
    [InlineData("""{"projects": {"*": {"failFirst": -1}}}""", "projects['*']: failFirst must be a whole number, 0 or more")]
    [InlineData("""{"projects": {"*": {"failFirst": "twice"}}}""", "expected a whole number at $.projects.*.failFirst")]
    public void Parse_BadFailFirst_NamesTheField(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
