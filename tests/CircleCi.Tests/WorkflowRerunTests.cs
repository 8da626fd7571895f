using System.Net;
using Release.Activities.CircleCi;

namespace Release.CircleCi.Tests;

/// <summary>POST /workflow/{id}/rerun through the real HTTP client: the request, the new id, the failures.</summary>
public sealed class WorkflowRerunTests
{
    private const string Token = "stub-token-rerun-5b21c9";

    private static CircleCiClient ClientFor(StubHandler handler) =>
        new(new HttpClient(handler), new CircleCiClientOptions { BaseUrl = new Uri("https://circleci.example/api/v2"), Token = Token });

    [Fact]
    public async Task RerunWorkflowAsync_FromFailed_PostsFromFailedAndReturnsTheNewWorkflowId()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.Accepted, """{"workflow_id":"0e53027b-521a-4c40-9042-47e72b3c63a3"}"""));

        var newId = await ClientFor(handler).RerunWorkflowAsync("w-old 1", fromFailed: true);

        Assert.Equal("0e53027b-521a-4c40-9042-47e72b3c63a3", newId);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://circleci.example/api/v2/workflow/w-old%201/rerun", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Token, Assert.Single(request.Headers.GetValues("Circle-Token")));
        Assert.Equal("""{"from_failed":true}""", body);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Workflow is still running")]
    [InlineData(HttpStatusCode.NotFound, "Workflow not found")]
    [InlineData(HttpStatusCode.Unauthorized, "You must log in first.")]
    public async Task RerunWorkflowAsync_ClientError_IsNotRetryableAndCarriesCircleCisMessage(HttpStatusCode status, string said)
    {
        var handler = new StubHandler(_ => StubHandler.Json(status, $$"""{"message":"{{said}}"}"""));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => ClientFor(handler).RerunWorkflowAsync("w1"));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(said, e.ServerMessage);
        Assert.StartsWith($"CircleCI POST /workflow/w1/rerun answered {(int)status} ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(said, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerunWorkflowAsync_RateLimited_IsRetryableWithRetryAfter()
    {
        var handler = new StubHandler(_ =>
        {
            var answer = StubHandler.Json(HttpStatusCode.TooManyRequests, """{"message":"Rate limit exceeded"}""");
            answer.Headers.Add("Retry-After", "9");
            return answer;
        });

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler).RerunWorkflowAsync("w1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(9), e.RetryAfter);
    }

    [Fact]
    public async Task RerunWorkflowAsync_ServerError_IsRetryable()
    {
        var handler = new StubHandler(_ => StubHandler.Text(HttpStatusCode.BadGateway, "upstream gone"));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler).RerunWorkflowAsync("w1"));

        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Equal("upstream gone", e.ServerMessage);
    }

    [Fact]
    public async Task RerunWorkflowAsync_AnswerWithoutWorkflowId_IsUnreadable()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.Accepted, """{"workflow_id":""}"""));

        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => ClientFor(handler).RerunWorkflowAsync("w1"));

        Assert.Equal("workflow_id", e.Field);
    }
}
