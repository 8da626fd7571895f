using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>A CircleCI that refuses the worker's token: the component fails at once, with CircleCI's own words.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class CircleCiRefusalTests(OrchestratorFixture fixture)
{
    // The simulator expects this token; the harness's worker sends ReleaseHarness.Token.
    private const string ExpectedToken = "the-token-circleci-expects-1b7e";

    private const string TriggerCall = "POST /api/v2/project/{vcs}/{org}/{repo}/pipeline";

    [Fact]
    public async Task RunAsync_WrongToken_ComponentFailsWithCircleCisMessageWithoutRetrying()
    {
        var scenario = $$"""
            { "token": "{{ExpectedToken}}", "seed": 3, "faults": {},
              "projects": { "*": { "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 2 } ] } ] } } }
            """;
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, scenario);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]));

        await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var component = fixture.Client.GetWorkflowHandle($"{handle.Id}/a1");
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => component.GetResultAsync());
        var activity = Assert.IsType<ActivityFailureException>(failed.InnerException);
        var cause = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.True(cause.NonRetryable);
        Assert.Equal("CircleCI POST /project/gh/acme/a1/pipeline answered 401 Unauthorized: You must log in first.", cause.Message);
        Assert.DoesNotContain(ReleaseHarness.Token, cause.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.GetStats().CallsTo(TriggerCall));
    }
}
