using System.Net;
using System.Text.Json;
using Release.Activities.CircleCi;

namespace Release.CircleCi.Tests;

/// <summary>The client against crafted answers: request shape, lenient parsing, error bodies, secrecy.</summary>
public sealed class ClientWireTests
{
    private const string Token = "stub-token-7d3e1f-secret";

    private static CircleCiClient ClientFor(StubHandler handler, string baseUrl = "https://circleci.example/api/v2/", TimeProvider? clock = null) =>
        new(new HttpClient(handler), new CircleCiClientOptions { BaseUrl = new Uri(baseUrl), Token = Token }, clock);

    [Fact]
    public async Task TriggerPipelineAsync_SlugWithSlashes_SendsUnencodedPathTokenAndBody()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.Created,
            """{"id":"5034460f-c7c4-4c43-9457-de07e2029e7b","state":"setup-pending","number":25,"created_at":"2020-09-12T17:47:21.364Z"}"""));
        // No trailing slash on purpose: the client must not drop the "v2" segment.
        var client = ClientFor(handler, "https://circleci.example/api/v2");

        var created = await client.TriggerPipelineAsync("gh/acme/api", "release/1.2", new Dictionary<string, object?>
        {
            ["deploy_prod"] = true,
            ["replicas"] = 3,
            ["image-tag"] = "1.2.0",
        });

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://circleci.example/api/v2/project/gh/acme/api/pipeline", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Token, Assert.Single(request.Headers.GetValues("Circle-Token")));
        Assert.Equal("""{"branch":"release/1.2","parameters":{"deploy_prod":true,"replicas":3,"image-tag":"1.2.0"}}""", body);
        Assert.Equal(25, created.Number);
        Assert.Equal("setup-pending", created.State);
        Assert.Equal(new DateTimeOffset(2020, 9, 12, 17, 47, 21, 364, TimeSpan.Zero), created.CreatedAt);
    }

    [Fact]
    public async Task GetWorkflowsAsync_UnknownStatusesAndFields_AreKeptOrIgnored()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """
            {
              "next_page_token": null,
              "brand_new_top_level": {"x": [1, 2, {"y": null}]},
              "items": [{
                "pipeline_id": "p1", "id": "w1", "name": "build", "project_slug": "gh/acme/api",
                "status": "quantum_superposition", "tag": "something-new", "started_by": "u1",
                "pipeline_number": "126", "created_at": "2020-09-12T17:47:21Z", "stopped_at": null,
                "auto_rerun_number": 1, "max_auto_reruns": 5, "new_field": {"deep": true}
              }]
            }
            """));

        var workflow = Assert.Single(await ClientFor(handler).GetWorkflowsAsync("p1"));

        Assert.Equal("quantum_superposition", workflow.Status);
        Assert.Equal("something-new", workflow.Tag);
        Assert.Equal(126L, workflow.PipelineNumber);
        Assert.Null(workflow.StoppedAt);
    }

    [Fact]
    public async Task GetJobsAsync_UnknownJobTypeAndStatus_AreKept()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """
            {"items": [{
                "dependencies": [], "id": "j1", "name": "gate", "project_slug": "gh/acme/api",
                "status": "teleporting", "type": "hologram", "started_at": null,
                "requires": {"j0": ["success", "brand-new"]}, "approval_request_id": "a1"
            }], "next_page_token": ""}
            """));

        var job = Assert.Single(await ClientFor(handler).GetJobsAsync("w1"));

        Assert.Equal("teleporting", job.Status);
        Assert.Equal("hologram", job.Type);
        Assert.Null(job.JobNumber);
        Assert.Equal("a1", job.ApprovalRequestId);
    }

    [Fact]
    public async Task GetPipelineAsync_UnknownStateAndTriggerParameters_AreKept()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """
            {"id": "p1", "errors": [{"type": "brand-new-error", "message": "m"}], "project_slug": "gh/acme/api",
             "number": 7, "state": "hyperspace", "created_at": "2020-09-12T17:47:21.364Z",
             "trigger_parameters": {"circleci": {"event_type": "api"}, "flag": true, "n": 3},
             "trigger": {"type": "new_trigger_kind", "received_at": "2020-09-12T17:47:21.320Z", "actor": {"login": "bot", "avatar_url": null}},
             "vcs": {"provider_name": "GitHub", "origin_repository_url": "u", "target_repository_url": "u", "revision": null, "branch": "main"}}
            """));

        var pipeline = await ClientFor(handler).GetPipelineAsync("p1");

        Assert.Equal("hyperspace", pipeline.State);
        Assert.Equal("brand-new-error", Assert.Single(pipeline.Errors).Type);
        Assert.Equal("api", pipeline.TriggerParameters!["circleci"].GetProperty("event_type").GetString());
        Assert.Equal(JsonValueKind.True, pipeline.TriggerParameters["flag"].ValueKind);
        Assert.Equal("new_trigger_kind", pipeline.Trigger?.Type);
        Assert.Null(pipeline.Vcs?.Revision);
    }

    [Fact]
    public async Task GetJobsAsync_NextPageToken_IsFollowedAndEscaped()
    {
        var handler = new StubHandler(request => request.RequestUri!.Query.Contains("page-token", StringComparison.Ordinal)
            ? StubHandler.Json(HttpStatusCode.OK, """{"items": [{"id": "j2", "name": "b", "status": "success", "type": "build"}], "next_page_token": null}""")
            : StubHandler.Json(HttpStatusCode.OK, """{"items": [{"id": "j1", "name": "a", "status": "success", "type": "build"}], "next_page_token": "a+b/c="}"""));

        var jobs = await ClientFor(handler).GetJobsAsync("w1");

        Assert.Equal(["j1", "j2"], jobs.Select(j => j.Id));
        Assert.EndsWith("/workflow/w1/job?page-token=a%2Bb%2Fc%3D", handler.Requests[1].Request.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobsAsync_RepeatingPageToken_FailsInsteadOfLooping()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """{"items": [], "next_page_token": "same"}"""));

        await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler).GetJobsAsync("w1"));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetPipelineAsync_PlainTextRateLimitWithHttpDate_IsRetryableWithDelay()
    {
        var now = new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero);
        var handler = new StubHandler(_ =>
        {
            var response = StubHandler.Text(HttpStatusCode.TooManyRequests, "Rate limited.");
            response.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(30).ToString("r"));
            return response;
        });

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler, clock: new ManualClock(now)).GetPipelineAsync("p1"));

        Assert.Equal("Rate limited.", e.ServerMessage);
        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
    }

    [Theory]
    [InlineData("7", 7000)]
    [InlineData("1.5", 1500)]
    [InlineData("soon", -1)]
    public async Task GetPipelineAsync_RetryAfterSeconds_IsParsed(string header, int expectedMs)
    {
        var handler = new StubHandler(_ =>
        {
            var response = StubHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message": "Service unavailable"}""");
            response.Headers.TryAddWithoutValidation("Retry-After", header);
            return response;
        });

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler).GetPipelineAsync("p1"));

        Assert.Equal(expectedMs < 0 ? null : TimeSpan.FromMilliseconds(expectedMs), e.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public async Task CancelWorkflowAsync_PlainTextForbidden_IsNotRetryableWithText()
    {
        var handler = new StubHandler(_ => StubHandler.Text(HttpStatusCode.Forbidden, "Permission denied\n"));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => ClientFor(handler).CancelWorkflowAsync("w1"));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("Permission denied", e.ServerMessage);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Request.Method);
        Assert.EndsWith("/workflow/w1/cancel", handler.Requests[0].Request.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveJobAsync_ErrorEchoingTheToken_NeverShowsIt()
    {
        var handler = new StubHandler(request => StubHandler.Json(HttpStatusCode.BadRequest,
            $$"""{"message": "bad header Circle-Token: {{request.Headers.GetValues("Circle-Token").Single()}}"}"""));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => ClientFor(handler).ApproveJobAsync("w1", "a1"));

        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.ServerMessage!, StringComparison.Ordinal);
        Assert.Contains("***", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("/workflow/w1/approve/a1", handler.Requests[0].Request.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPipelineAsync_SuccessWithHtmlBody_IsUnreadableNamingTheEndpoint()
    {
        var handler = new StubHandler(_ => StubHandler.Text(HttpStatusCode.OK, "<html>maintenance</html>"));

        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => ClientFor(handler).GetPipelineAsync("p1"));

        Assert.Equal("CircleCI GET /pipeline/p1 answered a body that is not JSON: <html>maintenance</html>", e.Message);
        Assert.Null(e.Field);
    }

    [Fact]
    public void Options_ToString_HidesTheToken()
    {
        var options = new CircleCiClientOptions { Token = Token };

        Assert.DoesNotContain(Token, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Token = ***", options.ToString(), StringComparison.Ordinal);
        Assert.Equal(new Uri("https://circleci.com/api/v2/"), options.BaseUrl);
    }
}
