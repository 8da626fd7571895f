using System.Net;

namespace Api.Tests.Http;

/// <summary>A start is safe to retry with an Idempotency-Key; a second start of a running release is a 409 naming it.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    [Fact]
    public async Task Start_SameIdempotencyKey_ReplaysTheSameRelease_AnotherKeyConflicts()
    {
        var release = TestRelease.Of(["slow"]);
        using var session = new ApiSession(api, api.CreateToken("retrying-ci", ["operate"]));
        var key = Guid.NewGuid().ToString();

        using var first = await session.PostAsync("/api/v1/releases", release.StartBody(), ("Idempotency-Key", key));
        using var replay = await session.PostAsync("/api/v1/releases", release.StartBody(), ("Idempotency-Key", key));
        using var other = await session.PostAsync("/api/v1/releases", release.StartBody(), ("Idempotency-Key", Guid.NewGuid().ToString()));
        var started = await ApiSession.JsonOf(first);
        var replayed = await ApiSession.JsonOf(replay);
        var workflowId = started.GetProperty("workflowId").GetString()!;

        Assert.True(first.StatusCode == HttpStatusCode.Created, started.ToString());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.True(replay.StatusCode == HttpStatusCode.OK, replayed.ToString());
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal((workflowId, started.GetProperty("runId").GetString()), (replayed.GetProperty("workflowId").GetString(), replayed.GetProperty("runId").GetString()));
        var conflict = await ApiSession.AssertProblemAsync(other, HttpStatusCode.Conflict, "is already running as workflow");
        Assert.Equal(workflowId, conflict.GetProperty("runningWorkflowId").GetString());
        Assert.Equal(ApiSession.Release(workflowId), conflict.GetProperty("running").GetString());
        await session.AbortAndWaitAsync(workflowId);
    }

    [Fact]
    public async Task Start_SecondStartOfARunningRelease_ConflictWithTheRunningId()
    {
        var release = TestRelease.Of(["slow"]);
        using var session = new ApiSession(api, api.CreateToken("double-starter", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());

        var conflict = await ApiSession.AssertProblemAsync(
            session.PostAsync("/api/v1/releases", release.StartBody()), HttpStatusCode.Conflict, $"release {release.Product} 1.0.0-SNAPSHOT is already running as workflow {workflowId}");

        Assert.Equal("Release already running", conflict.GetProperty("title").GetString());
        Assert.Equal(workflowId, conflict.GetProperty("runningWorkflowId").GetString());
        await session.AbortAndWaitAsync(workflowId);
    }

    [Fact]
    public async Task Start_SameKeyFromAnotherCaller_IsNotAReplay()
    {
        var release = TestRelease.Of(["slow"]);
        using var first = new ApiSession(api, api.CreateToken("caller-one", ["operate"]));
        using var second = new ApiSession(api, api.CreateToken("caller-two", ["operate"]));
        var key = Guid.NewGuid().ToString();

        using var started = await first.PostAsync("/api/v1/releases", release.StartBody(), ("Idempotency-Key", key));
        var workflowId = (await ApiSession.JsonOf(started)).GetProperty("workflowId").GetString()!;
        using var answer = await second.PostAsync("/api/v1/releases", release.StartBody(), ("Idempotency-Key", key));

        Assert.False(answer.Headers.Contains("Idempotent-Replayed"));
        await ApiSession.AssertProblemAsync(answer, HttpStatusCode.Conflict, "is already running");
        await first.AbortAndWaitAsync(workflowId);
    }
}
