using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary>
/// Steering a release through the API: abort, decisions, approvals, pause and unpause. Each
/// records the caller's token (<c>token:&lt;name&gt;</c>) as who did it, in the release's own view.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ControlTests(ApiFixture api)
{
    [Fact]
    public async Task Abort_RunningRelease_AcceptedThenAbortedAndRecordsTheToken()
    {
        var release = TestRelease.Of(["slow"], ["b"]);
        using var session = new ApiSession(api, api.CreateToken("aborter", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        await session.UntilTriggeredAsync(workflowId);

        var accepted = await session.OperateAsync(workflowId, "abort", new JsonObject { ["reason"] = "wrong tag" }, HttpStatusCode.Accepted);
        var ended = await session.UntilEndedAsync(workflowId);
        var again = await session.PostAsync($"{ApiSession.Release(workflowId)}/abort", new JsonObject { ["reason"] = "again" });

        Assert.Contains("abort requested by token:aborter", accepted.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("aborted", ended.GetProperty("status").GetString());
        Assert.Contains("wrong tag", ended.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Contains(("abort", "token:aborter"), ApiSession.Actions(ended));
        Assert.Equal("not_started", ApiSession.Component(ended, release.Component("b")).GetProperty("status").GetString());
        await ApiSession.AssertProblemAsync(again, HttpStatusCode.Conflict, "already ended (aborted); there is nothing to abort");
    }

    [Fact]
    public async Task Abort_WithoutReason_BadRequestAskingWhy()
    {
        var release = TestRelease.Of(["slow"]);
        using var session = new ApiSession(api, api.CreateToken("reasonless", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());

        await ApiSession.AssertProblemAsync(
            session.PostAsync($"{ApiSession.Release(workflowId)}/abort", new JsonObject { ["reason"] = " " }), HttpStatusCode.BadRequest, "reason is required");
        await session.AbortAndWaitAsync(workflowId);
    }

    [Fact]
    public async Task Decisions_RetryThenSkip_OnAFailedComponent_TheReleaseGoesOnAndRecordsWho()
    {
        var release = TestRelease.Of(["a", "fails"], ["b"]);
        var body = release.StartBody();
        body["onFailure"] = "ask";
        using var session = new ApiSession(api, api.CreateToken("decider", ["operate"]));
        var workflowId = await session.StartAsync(body);
        var fails = release.Component("fails");
        await session.UntilWaitingAsync(workflowId, "decision", w => w.GetProperty("component").GetString() == fails);

        await ApiSession.AssertProblemAsync(
            session.PostAsync($"{ApiSession.Release(workflowId)}/decisions", new JsonObject { ["component"] = fails, ["action"] = "redo", ["reason"] = "r" }),
            HttpStatusCode.BadRequest, "action 'redo' is not one of retry, skip, abort");
        await ApiSession.AssertProblemAsync(
            session.PostAsync($"{ApiSession.Release(workflowId)}/decisions", new JsonObject { ["component"] = release.Component("b"), ["action"] = "skip", ["reason"] = "r" }),
            HttpStatusCode.Conflict, "decide refused by release");
        var retried = await session.OperateAsync(workflowId, "decisions", new JsonObject { ["component"] = fails, ["action"] = "retry", ["reason"] = "maybe flaky" });
        await session.UntilAsync(
            workflowId,
            d => d.GetProperty("waiting").EnumerateArray().Any(w => w.GetProperty("kind").GetString() == "decision")
                && ApiSession.Actions(d).Count == 1 && SecondFailure(d, fails),
            "waited for a decision on the retried component's second failure");
        await session.OperateAsync(workflowId, "decisions", new JsonObject { ["component"] = fails, ["action"] = "skip", ["reason"] = "released by hand" });
        var ended = await session.UntilEndedAsync(workflowId);

        Assert.False(string.IsNullOrWhiteSpace(retried.GetProperty("message").GetString()), retried.ToString());
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal([("retry", "token:decider"), ("skip", "token:decider")], ApiSession.Actions(ended));
        Assert.Equal(2, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("fails"), release.Branch));
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch));
        var report = await session.GetAsync($"{ApiSession.Release(workflowId)}/report");
        var recorded = report.GetProperty("summary").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("by").GetString()).Distinct();
        Assert.Equal(["token:decider"], recorded);
    }

    [Fact]
    public async Task Decisions_Abort_EndsTheReleaseAsAbortedByTheToken()
    {
        var release = TestRelease.Of(["fails"], ["b"]);
        var body = release.StartBody();
        body["onFailure"] = "ask";
        using var session = new ApiSession(api, api.CreateToken("stopper", ["operate"]));
        var workflowId = await session.StartAsync(body);
        await session.UntilWaitingAsync(workflowId, "decision");

        await session.OperateAsync(workflowId, "decisions", new JsonObject { ["component"] = release.Component("fails"), ["action"] = "abort", ["reason"] = "broken build" });
        var ended = await session.UntilEndedAsync(workflowId);

        Assert.Equal("aborted", ended.GetProperty("status").GetString());
        Assert.Contains(("abort", "token:stopper"), ApiSession.Actions(ended));
        Assert.Contains("decided by token:stopper", ended.GetProperty("failure").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_StageGate_WaitsThenApprovedByTheTokenAndSucceeds()
    {
        var release = TestRelease.Of(["a"], ["b"]);
        var body = release.StartBody();
        body["approveBeforeStages"] = new JsonArray(2);
        using var session = new ApiSession(api, api.CreateToken("approver", ["operate"]));
        var workflowId = await session.StartAsync(body);

        var waiting = await session.UntilWaitingAsync(workflowId, "approval", w => w.GetProperty("stage").GetInt32() == 2);
        var pipelinesAtTheGate = await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch);
        var approved = await session.OperateAsync(workflowId, "approvals", new JsonObject { ["reason"] = "change approved in CAB" });
        var ended = await session.UntilEndedAsync(workflowId);
        var late = await session.PostAsync($"{ApiSession.Release(workflowId)}/approvals", new JsonObject { ["reason"] = "late" });

        Assert.Equal(JsonValueKind.Null, ApiSession.Component(waiting, release.Component("b")).GetProperty("pipelineNumber").ValueKind);
        Assert.Equal(0, pipelinesAtTheGate);
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch));
        Assert.False(string.IsNullOrWhiteSpace(approved.GetProperty("message").GetString()), approved.ToString());
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        var approval = Assert.Single(ended.GetProperty("actions").EnumerateArray());
        Assert.Equal(("approve", "token:approver", 2), (approval.GetProperty("kind").GetString(), approval.GetProperty("by").GetString(), approval.GetProperty("stage").GetInt32()));
        await ApiSession.AssertProblemAsync(late, HttpStatusCode.Conflict, "already ended (succeeded); there is nothing to approve");
    }

    [Fact]
    public async Task PauseAndUnpause_HoldTheNextStageAndRecordWho()
    {
        var release = TestRelease.Of(["a"], ["b"]);
        var body = release.StartBody();
        body["approveBeforeStages"] = new JsonArray(2);
        using var session = new ApiSession(api, api.CreateToken("pauser", ["operate"]));
        var workflowId = await session.StartAsync(body);
        await session.UntilWaitingAsync(workflowId, "approval");

        await session.OperateAsync(workflowId, "pause", new JsonObject { ["reason"] = "freeze window" });
        var twice = await session.PostAsync($"{ApiSession.Release(workflowId)}/pause", new JsonObject { ["reason"] = "again" });
        await session.OperateAsync(workflowId, "approvals", new JsonObject { ["reason"] = "approved" });
        var held = await session.UntilAsync(
            workflowId, d => d.GetProperty("waiting").GetArrayLength() == 0 && d.GetProperty("paused").ValueKind == JsonValueKind.Object, "showed the approved stage held by the pause");
        var pipelinesWhilePaused = await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch);
        await session.OperateAsync(workflowId, "unpause", new JsonObject { ["reason"] = "freeze over" });
        var ended = await session.UntilEndedAsync(workflowId);

        await ApiSession.AssertProblemAsync(twice, HttpStatusCode.Conflict, "the release is already paused, by token:pauser");
        Assert.Equal(("token:pauser", "freeze window"), (held.GetProperty("paused").GetProperty("by").GetString(), held.GetProperty("paused").GetProperty("reason").GetString()));
        Assert.NotEqual("succeeded", ApiSession.Component(held, release.Component("b")).GetProperty("status").GetString());
        Assert.Equal(0, pipelinesWhilePaused);
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch));
        Assert.Equal([("pause", "token:pauser"), ("approve", "token:pauser"), ("unpause", "token:pauser")], ApiSession.Actions(ended));
    }

    // The retried component failed again: its decision is asked after the retry was recorded.
    private static bool SecondFailure(JsonElement detail, string component)
    {
        var retryAt = detail.GetProperty("actions")[0].GetProperty("at").GetDateTimeOffset();
        return detail.GetProperty("waiting").EnumerateArray()
            .Any(w => w.GetProperty("component").GetString() == component && w.GetProperty("since").GetDateTimeOffset() > retryAt);
    }
}
