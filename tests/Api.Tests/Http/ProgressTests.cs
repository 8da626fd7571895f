using System.Net;
using System.Text.Json;

namespace Api.Tests.Http;

/// <summary><c>GET /api/v1/releases/{id}</c> and <c>.../report</c>: progress while running, the reports once ended.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProgressTests(ApiFixture api)
{
    [Fact]
    public async Task Get_WhileRunningThenEnded_ShowsStagesComponentsAndPipelines()
    {
        var release = TestRelease.Of(["slow", "a"], ["b"]);
        using var session = new ApiSession(api, api.CreateToken("watcher", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());

        var running = await session.UntilAsync(
            workflowId, d => ApiSession.Component(d, release.Component("a")).GetProperty("status").GetString() == "succeeded", "showed the quick component succeeded");
        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path($"{ApiSession.Release(workflowId)}/report")), HttpStatusCode.Conflict, "is still running");
        await session.AbortAndWaitAsync(workflowId);
        var ended = await session.GetAsync(ApiSession.Release(workflowId));

        Assert.Equal(("running", release.Product, "1.0.0-SNAPSHOT"), (running.GetProperty("status").GetString(), running.GetProperty("product").GetString(), running.GetProperty("version").GetString()));
        Assert.Equal(["running", "pending"], running.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        var slow = ApiSession.Component(running, release.Component("slow"));
        Assert.Equal("running", slow.GetProperty("status").GetString());
        Assert.True(slow.GetProperty("pipelineNumber").GetInt64() > 0, slow.ToString());
        Assert.StartsWith("https://app.circleci.com/pipelines/gh/acme/slow/", slow.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, running.GetProperty("closedAt").ValueKind);
        Assert.Equal("pending", ApiSession.Component(running, release.Component("b")).GetProperty("status").GetString());
        // While the release runs: a finished pipeline's time is fixed, a running one's start is given to time it by.
        var quickWhileRunning = ApiSession.Component(running, release.Component("a"));
        Assert.True(quickWhileRunning.GetProperty("elapsedSeconds") is { ValueKind: JsonValueKind.Number } seconds && seconds.GetDouble() >= 0, quickWhileRunning.ToString());
        Assert.Equal(JsonValueKind.Null, slow.GetProperty("elapsedSeconds").ValueKind);
        Assert.True(slow.GetProperty("triggeredAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow, slow.ToString());
        Assert.Equal(JsonValueKind.Null, ApiSession.Component(running, release.Component("b")).GetProperty("triggeredAt").ValueKind);

        Assert.Equal("aborted", ended.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("closedAt").ValueKind);
        Assert.Contains("test cleanup", ended.GetProperty("failure").GetString(), StringComparison.Ordinal);
        var quick = ApiSession.Component(ended, release.Component("a"));
        Assert.Equal("succeeded", quick.GetProperty("status").GetString());
        Assert.True(quick.GetProperty("elapsedSeconds").GetDouble() > 0, quick.ToString());
        Assert.Equal(ApiSession.Component(running, release.Component("a")).GetProperty("pipelineNumber").GetInt64(), quick.GetProperty("pipelineNumber").GetInt64());
    }

    [Fact]
    public async Task Report_AfterTheEnd_HasEveryStageAndDownloadsAsAFile()
    {
        var release = TestRelease.Of(["a"], ["b"]);
        using var session = new ApiSession(api, api.CreateToken("reporter", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        await session.UntilEndedAsync(workflowId);

        var report = await session.GetAsync($"{ApiSession.Release(workflowId)}/report");
        using var download = await session.Http.GetAsync(ApiSession.Path($"{ApiSession.Release(workflowId)}/report?download=true"));

        Assert.Equal(("succeeded", workflowId), (report.GetProperty("status").GetString(), report.GetProperty("workflowId").GetString()));
        var stages = report.GetProperty("summary").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(2, stages.Count);
        Assert.All(stages, s => Assert.Equal("succeeded", s.GetProperty("outcome").GetString()));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{workflowId}-report.json", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task GetAndReport_UnknownRelease_NotFoundSayingWhereToLook()
    {
        using var session = new ApiSession(api, api.AdminToken);

        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path("/api/v1/releases/release-nothing-1.0.0")), HttpStatusCode.NotFound, "no release with id release-nothing-1.0.0");
        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path("/api/v1/releases/release-nothing-1.0.0/report")), HttpStatusCode.NotFound, "no release with id release-nothing-1.0.0");
    }
}
