using System.Net;
using System.Security.Cryptography;
using System.Text;
using BadInput.Tests.Support;
using Release.Webhooks;
using Temporalio.Client;

namespace BadInput.Tests;

/// <summary>
/// The webhook receiver over real HTTP: every bad delivery gets its status and a short plain
/// body naming the problem, never a trace. Its Temporal client points at a closed port, so a
/// delivery that passes every check shows the routing failure (503) rather than a signal.
/// </summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private const string Secret = "bad-input-webhook-secret-5e1a";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebhookReceiverHost receiver = null!;

    public async Task InitializeAsync()
    {
        var nowhere = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1"));
        receiver = await WebhookReceiverHost.StartAsync(nowhere, Secret, IPAddress.Loopback, 0);
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Post_NoSignature_401()
    {
        using var content = new StringContent(WorkflowCompleted, Encoding.UTF8, "application/json");

        await AssertAnswerAsync(await http.PostAsync(receiver.Url, content), HttpStatusCode.Unauthorized, "missing circleci-signature header; set the webhook's secret in CircleCI");
    }

    [Theory]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v1=not-hex")]
    [InlineData("sha256=abc")]
    public async Task Post_WrongSignature_401(string signature)
    {
        using var content = new StringContent(WorkflowCompleted, Encoding.UTF8, "application/json");
        content.Headers.Add("circleci-signature", signature);

        await AssertAnswerAsync(
            await http.PostAsync(receiver.Url, content),
            HttpStatusCode.Unauthorized,
            "circleci-signature does not match the body; check that CircleCI and the worker share the same webhook secret");
    }

    [Fact]
    public async Task Post_SignedWithAnotherSecret_401()
    {
        using var content = Signed(WorkflowCompleted, "another-secret");

        await AssertAnswerAsync(await http.PostAsync(receiver.Url, content), HttpStatusCode.Unauthorized, "circleci-signature does not match the body");
    }

    [Theory]
    [InlineData("{\"id\": ", "the body is not valid JSON (line 1, byte 8)")]
    [InlineData("not json", "the body is not valid JSON (line 1, byte 2)")]
    [InlineData("", "the body is not valid JSON (line 1, byte 1)")]
    [InlineData("[1, 2, 3]", "the body is JSON but not an object (found an array); a CircleCI webhook is an object")]
    [InlineData("\"workflow-completed\"", "the body is JSON but not an object (found a string); a CircleCI webhook is an object")]
    [InlineData("null", "the body is JSON but not an object (found null); a CircleCI webhook is an object")]
    [InlineData("{}", "the webhook lacks id, type, pipeline.id (a string each)")]
    [InlineData("{\"id\": \"e1\", \"type\": \"workflow-completed\", \"pipeline\": {\"id\": 7}}", "the webhook lacks pipeline.id (a string each)")]
    [InlineData("{\"id\": \"e1\", \"type\": \"workflow-completed\", \"pipeline\": {\"id\": \"x' OR '1'='1\"}}", "pipeline.id is not a UUID")]
    public async Task Post_NotAUsableWebhook_400(string body, string expected)
    {
        using var content = Signed(body);

        await AssertAnswerAsync(await http.PostAsync(receiver.Url, content), HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Post_OversizedBody_413()
    {
        using var content = Signed("{\"id\": \"" + new string('x', 2 << 20) + "\"}");

        await AssertAnswerAsync(await http.PostAsync(receiver.Url, content), HttpStatusCode.RequestEntityTooLarge, "the body is larger than 1 MiB; a CircleCI webhook is a few kilobytes");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task WrongMethod_405(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), receiver.Url);

        await AssertAnswerAsync(await http.SendAsync(request), HttpStatusCode.MethodNotAllowed, $"method {method} is not allowed: CircleCI webhooks go to POST /circleci/webhook");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/circleci/webhooks")]
    [InlineData("/webhook")]
    public async Task WrongPath_404(string path)
    {
        using var content = Signed(WorkflowCompleted);

        await AssertAnswerAsync(await http.PostAsync(new Uri(receiver.Url, path), content), HttpStatusCode.NotFound, "not found: CircleCI webhooks go to POST /circleci/webhook");
    }

    [Fact]
    public async Task Post_UnknownEventType_200Ignored()
    {
        using var content = Signed(WorkflowCompleted.Replace("workflow-completed", "deploy-started", StringComparison.Ordinal));

        using var response = await http.PostAsync(receiver.Url, content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ignored","reason":"event type 'deploy-started' is not one the orchestrator uses"}""", body);
    }

    [Fact]
    public async Task Post_Ping_200()
    {
        using var content = Signed("""{"id":"ping-1","type":"ping","happened_at":"2026-12-02T03:00:00Z"}""");

        using var response = await http.PostAsync(receiver.Url, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"pong"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_TemporalUnreachable_503Quickly()
    {
        using var content = Signed(WorkflowCompleted);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await http.PostAsync(receiver.Url, content);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
        await AssertAnswerAsync(response, HttpStatusCode.ServiceUnavailable, "cannot reach Temporal to route this event; it was not recorded, so a redelivery will be routed");
    }

    private static string WorkflowCompleted => System.Text.Json.JsonSerializer.Serialize(new
    {
        id = Guid.NewGuid(),
        type = "workflow-completed",
        project = new { slug = "github/acme/api" },
        workflow = new { id = Guid.NewGuid(), status = "success" },
        pipeline = new { id = Guid.NewGuid() },
    });

    private static StringContent Signed(string body, string secret = Secret)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body));
        content.Headers.Add("circleci-signature", "v1=" + Convert.ToHexStringLower(signature));
        return content;
    }

    /// <summary>The status, a plain-text body that is exactly (or starts with) the expected line, and no runtime trace.</summary>
    private static async Task AssertAnswerAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var context = $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n{body}";
            Assert.True(status == response.StatusCode, $"expected {(int)status}\n{context}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/plain", context);
            var line = Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(expected, line, StringComparison.Ordinal);
            UserMistake.AssertNoRuntimeTrace(body, context);
        }
    }
}
