using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.Workflows.CircleCi;
using Release.Workflows.Release;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Release.CircleCi.Tests;

/// <summary>
/// What Temporal sees when CircleCI answers badly, through the real activities and HTTP client:
/// an unreadable answer is retried a few attempts then becomes final, a refusal is final at once,
/// and both name the endpoint (and the field) in words a release engineer can act on.
/// </summary>
public sealed class ActivityFailureTests
{
    private const string Token = "stub-token-60d2aa-secret";

    // CircleCiFailures.UnreadableAnswerAttempts, as documented in src/Activities/CircleCi/README.md.
    private const int FinalAttempt = 5;

    private static CircleCiActivities ActivitiesAnswering(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(
            new CircleCiClient(new HttpClient(new StubHandler(answer)), new CircleCiClientOptions { BaseUrl = new Uri("https://circleci.example/api/v2/"), Token = Token }),
            NullLogger<CircleCiActivities>.Instance);

    private static ActivityEnvironment AtAttempt(int attempt, WarningLog? log = null) => new()
    {
        Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt },
        Logger = log ?? (Microsoft.Extensions.Logging.ILogger)NullLogger.Instance,
    };

    // A workflow list page without its items: the body is JSON, but no page.
    private static CircleCiActivities PageWithoutItems() =>
        ActivitiesAnswering(_ => StubHandler.Json(HttpStatusCode.OK, """{"next_page_token": null}"""));

    [Theory]
    [InlineData(1)]
    [InlineData(FinalAttempt - 1)]
    public async Task GetPipelineStatusAsync_UnreadableAnswerEarlyAttempt_IsRetryable(int attempt)
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => AtAttempt(attempt).RunAsync(() => PageWithoutItems().GetPipelineStatusAsync("p1")));

        Assert.False(failure.NonRetryable);
        Assert.Equal("CircleCiUnreadableAnswer", failure.ErrorType);
        Assert.Equal("CircleCI GET /pipeline/p1/workflow answered a body the client cannot read: items is missing.", failure.Message);
    }

    [Theory]
    [InlineData(FinalAttempt)]
    [InlineData(40)]
    public async Task GetPipelineStatusAsync_UnreadableAnswerAfterAttempts_IsNonRetryableNamingEndpointAndField(int attempt)
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => AtAttempt(attempt).RunAsync(() => PageWithoutItems().GetPipelineStatusAsync("p1")));

        Assert.True(failure.NonRetryable);
        Assert.Equal("CircleCiUnreadableAnswer", failure.ErrorType);
        Assert.Equal(
            $"CircleCI GET /pipeline/p1/workflow answered a body the client cannot read: items is missing. Still so at attempt {attempt}, so the call is not retried.",
            failure.Message);
        var cause = Assert.IsType<CircleCiUnreadableAnswerException>(failure.InnerException);
        Assert.Equal("items", cause.Field);
    }

    [Fact]
    public async Task TriggerPipelineAsync_NotJsonAfterAttempts_IsNonRetryableWithoutTypeNames()
    {
        // From the second attempt on, the trigger first looks for an earlier pipeline; both calls get the page.
        var activities = ActivitiesAnswering(_ => StubHandler.Text(HttpStatusCode.OK, "<html><body>Sign in</body></html>"));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => AtAttempt(FinalAttempt)
            .RunAsync(() => activities.TriggerPipelineAsync(new TriggerRequest("gh/acme/api", "main", new Dictionary<string, System.Text.Json.JsonElement>()))));

        Assert.True(failure.NonRetryable);
        Assert.StartsWith("CircleCI GET /project/gh/acme/api/pipeline answered a body that is not JSON: <html><body>Sign in</body></html>", failure.Message, StringComparison.Ordinal);
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TriggerPipelineAsync_Unauthorized_IsNonRetryableWithCircleCiMessage()
    {
        var activities = ActivitiesAnswering(_ => StubHandler.Json(HttpStatusCode.Unauthorized, """{"message": "You must log in first."}"""));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => AtAttempt(1)
            .RunAsync(() => activities.TriggerPipelineAsync(new TriggerRequest("gh/acme/api", "main", new Dictionary<string, System.Text.Json.JsonElement>()))));

        Assert.True(failure.NonRetryable);
        Assert.Equal("CircleCiRequest", failure.ErrorType);
        Assert.Equal("CircleCI POST /project/gh/acme/api/pipeline answered 401 Unauthorized: You must log in first.", failure.Message);
        Assert.DoesNotContain(Token, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPipelineStatusAsync_PageWithOneBadItem_ReadsTheRestAndWarnsInTheActivityLog()
    {
        var activities = ActivitiesAnswering(_ => StubHandler.Json(HttpStatusCode.OK, """
            {"items": [{"id": "w1", "name": "build", "status": "running", "created_at": ""},
                       {"name": "lost", "status": "failed"},
                       {"id": "w3", "name": "next", "status": "brand-new-status"}], "next_page_token": null}
            """));
        var log = new WarningLog();

        var status = await AtAttempt(1, log).RunAsync(() => activities.GetPipelineStatusAsync("p1"));

        Assert.Equal(PipelineState.Created, status.State);
        Assert.Equal(
            [("w1", CircleCiWorkflowStatus.Running), ("w3", CircleCiWorkflowStatus.Unknown)],
            status.Workflows.Select(w => (w.Id, w.Status)));
        Assert.Equal(2, log.Warnings.Count);
        Assert.Contains(log.Warnings, w => w.StartsWith("CircleCI GET /pipeline/p1/workflow answered 1 field(s)", StringComparison.Ordinal)
            && w.Contains("items[1] skipped: items[1].id is missing", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("workflow status brand-new-status", StringComparison.Ordinal));
    }
}
