using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>Each terminal workflow status the orchestrator must recognise, played end to end.</summary>
public sealed class FinalStatusTests
{
    private static readonly SimulatorScenario Scenario = Of(
        ("gh/acme/success", Project(Workflow("w", Job("build", 2), Job("test", 2)))),
        ("gh/acme/failed", Project(Workflow("w", Job("build", 2, "failed"), Job("test", 2)))),
        ("gh/acme/error", Project(new WorkflowSpec { Name = "w", FixedStatus = "error", Jobs = [Job("build")] })),
        ("gh/acme/canceled", Project(Workflow("w", Job("build", 2, "canceled")))),
        ("gh/acme/unauthorized", Project(Workflow("w", Job("deploy", 0, "unauthorized")))),
        ("gh/acme/not-run", Project(Workflow("w", Job("build", 0, "not_run")))),
        ("gh/acme/infra", Project(Workflow("w", Job("build", 1, "infrastructure_fail")))));

    [Theory]
    [InlineData("gh/acme/success", "success", "success")]
    [InlineData("gh/acme/failed", "failed", "failed")]
    [InlineData("gh/acme/error", "error", "not_run")]
    [InlineData("gh/acme/canceled", "canceled", "canceled")]
    [InlineData("gh/acme/unauthorized", "unauthorized", "unauthorized")]
    [InlineData("gh/acme/not-run", "not_run", "not_run")]
    [InlineData("gh/acme/infra", "failed", "infrastructure_fail")]
    public async Task GetWorkflowsAsync_ScenarioFinalStatus_ReachesIt(string slug, string workflowStatus, string firstJobStatus)
    {
        await using var sim = await SimHarness.StartAsync(Scenario);
        var created = await sim.Client.TriggerPipelineAsync(slug, "main");

        var workflow = await Eventually.UntilAsync(() => sim.SingleWorkflowAsync(created.Id), w => w.StoppedAt is not null);

        Assert.Equal(workflowStatus, workflow.Status);
        var jobs = await sim.Client.GetJobsAsync(workflow.Id);
        Assert.Equal(firstJobStatus, jobs[0].Status);
        if (jobs.Count > 1 && workflowStatus == "failed")
        {
            Assert.Equal("not_run", jobs[1].Status);
        }
    }

    [Fact]
    public async Task GetWorkflowAsync_UnknownFixedStatus_IsServedAsIs()
    {
        var scenario = Of(("gh/acme/odd", Project(new WorkflowSpec { Name = "w", FixedStatus = "quantum" })));
        await using var sim = await SimHarness.StartAsync(scenario);
        var created = await sim.Client.TriggerPipelineAsync("gh/acme/odd", "main");

        var workflow = await sim.SingleWorkflowAsync(created.Id);

        Assert.Equal("quantum", (await sim.Client.GetWorkflowAsync(workflow.Id)).Status);
        Assert.Null(workflow.StoppedAt);
    }
}
