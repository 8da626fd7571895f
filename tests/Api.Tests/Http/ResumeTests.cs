using System.Net;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary><c>POST .../resume</c>: a new run of a failed release that reuses what succeeded.</summary>
[Collection(ApiCollection.Name)]
public sealed class ResumeTests(ApiFixture api)
{
    // The scenario's flaky project fails its first attempt of the whole suite only: this is its one user.
    [Fact]
    public async Task Resume_AfterAFailure_ReusesWhatSucceededAndTriggersTheRest()
    {
        var release = TestRelease.Of(["a", "flaky"], ["b"]);
        using var session = new ApiSession(api, api.CreateToken("resumer", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        var failed = await session.UntilEndedAsync(workflowId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());

        using var answer = await session.PostAsync($"{ApiSession.Release(workflowId)}/resume", new JsonObject { ["reason"] = "integration tests flaked" });
        var resumed = await ApiSession.JsonOf(answer);
        var ended = await session.UntilEndedAsync(workflowId);
        var again = await session.PostAsync($"{ApiSession.Release(workflowId)}/resume", new JsonObject { ["reason"] = "again" });

        Assert.True(answer.StatusCode == HttpStatusCode.Created, resumed.ToString());
        Assert.NotEqual(failed.GetProperty("runId").GetString(), resumed.GetProperty("runId").GetString());
        Assert.Equal($"resumed from run {failed.GetProperty("runId").GetString()}: reusing 1, triggering 2", resumed.GetProperty("message").GetString());
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("a"), release.Branch));
        Assert.Equal(2, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("flaky"), release.Branch));
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch));
        Assert.Equal([("resume", "token:resumer")], ApiSession.Actions(ended));
        await ApiSession.AssertProblemAsync(again, HttpStatusCode.Conflict, $"release {workflowId} already succeeded (succeeded); nothing to resume");
    }

    [Fact]
    public async Task Resume_RunningRelease_ConflictSayingToAbortFirst()
    {
        var release = TestRelease.Of(["slow"]);
        using var session = new ApiSession(api, api.CreateToken("eager-resumer", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());

        await ApiSession.AssertProblemAsync(
            session.PostAsync($"{ApiSession.Release(workflowId)}/resume", new JsonObject { ["reason"] = "r" }), HttpStatusCode.Conflict, $"release {workflowId} is still running; abort it first");
        await session.AbortAndWaitAsync(workflowId);
    }

    [Fact]
    public async Task Resume_OnlyAnUnknownComponent_BadRequestNamingThePlan()
    {
        var release = TestRelease.Of(["fails"]);
        using var session = new ApiSession(api, api.CreateToken("picky-resumer", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        await session.UntilEndedAsync(workflowId);

        await ApiSession.AssertProblemAsync(
            session.PostAsync($"{ApiSession.Release(workflowId)}/resume", new JsonObject { ["reason"] = "r", ["only"] = new JsonArray("nope") }),
            HttpStatusCode.BadRequest, "names nope, not a component of the plan");
    }
}
