using System.Text;
using Release.CircleCiSimulator;
using Release.Webhooks;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>CircleCI's outbound webhooks: the simulator sends them signed, the receiver's parts check them.</summary>
public sealed class WebhookTests
{
    private const string Secret = "webhook-secret-7d2e";

    [Fact]
    public void IsValid_ReferenceTestVector_Matches()
    {
        // From the reference README: body "hello world", secret "secret".
        var body = Encoding.UTF8.GetBytes("hello world");
        var signature = "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), body));
        Assert.StartsWith("v1=734cc62f", signature, StringComparison.Ordinal);
        Assert.EndsWith("623a", signature, StringComparison.Ordinal);

        var verifier = new WebhookSignatureVerifier("secret");

        Assert.True(verifier.IsValid(body, signature));
        Assert.True(verifier.IsValid(body, $"v1=00ff, {signature}"));
        Assert.False(verifier.IsValid(body, signature.Replace("623a", "623b", StringComparison.Ordinal)));
        Assert.False(new WebhookSignatureVerifier("other").IsValid(body, signature));
        Assert.False(verifier.IsValid(body, "v1=not-hex"));
        Assert.False(verifier.IsValid(body, null));
    }

    [Fact]
    public void TryParse_ReferenceSample_ReadsIdsAndStatus()
    {
        var body = File.ReadAllBytes(RepositoryFiles.Shared("reference/circleci/webhook-example-workflow-completed-for-github-and-bitbucket.json"));

        var parsed = CircleCiWebhookEvent.TryParse(body, out var problem);

        Assert.Null(problem);
        Assert.Equal(new CircleCiWebhookEvent(
            "3888f21b-eaa7-38e3-8f3d-75a63bba8895", "workflow-completed", "1285fe1d-d3a6-44fc-8886-8979558254c4",
            "fda08377-fe7e-46b1-8992-3a7aaecac9c3", "success", "github/circleci/webhook-service"), parsed);
        Assert.Null(CircleCiWebhookEvent.TryParse("{\"id\":\"x\"}"u8, out problem));
        Assert.Contains("pipeline.id", problem, StringComparison.Ordinal);
        Assert.Null(CircleCiWebhookEvent.TryParse("not json"u8, out problem));
        Assert.Contains("not valid JSON (line 1", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "not an object (found an array)")]
    [InlineData("\"workflow-completed\"", "not an object (found a string)")]
    [InlineData("null", "not an object (found null)")]
    [InlineData("42", "not an object (found a number)")]
    [InlineData("{\"id\": 1, \"type\": \"workflow-completed\"}", "lacks id, pipeline.id")]
    public void TryParse_NotAWebhookObject_SaysWhatIsWrong(string body, string expected)
    {
        Assert.Null(CircleCiWebhookEvent.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulator_WorkflowEnds_PostsOneSignedWorkflowCompletedWebhookPerWorkflow()
    {
        await using var receiver = await CapturingReceiver.StartAsync();
        var scenario = Of(
            ("gh/acme/api", Project(Workflow("build", Job("compile")))),
            ("gh/acme/web", Project(Workflow("build", Job("compile")), Workflow("lint", Job("eslint", status: "failed")))));
        await using var sim = await SimHarness.StartAsync(
            scenario, new SimulatorOptions { TimeScale = 0.01, WebhookUrl = receiver.Url, WebhookSecret = Secret });

        var api = await sim.Client.TriggerPipelineAsync("gh/acme/api", "main");
        var web = await sim.Client.TriggerPipelineAsync("gh/acme/web", "main");
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count), n => n == 3);

        var verifier = new WebhookSignatureVerifier(Secret);
        Assert.All(receiver.Received, r => Assert.True(verifier.IsValid(r.Body, r.Signature), "bad signature"));
        Assert.All(receiver.Received, r => Assert.Equal("workflow-completed", r.EventType));
        var events = receiver.Received.Select(r => CircleCiWebhookEvent.TryParse(r.Body, out _)!).ToList();
        Assert.Equal(3, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal("success", Assert.Single(events, e => e.PipelineId == api.Id).WorkflowStatus);
        Assert.Equal(["failed", "success"], events.Where(e => e.PipelineId == web.Id).Select(e => e.WorkflowStatus).Order());
        Assert.Contains("\"slug\":\"github/acme/api\"", Encoding.UTF8.GetString(receiver.Received.First(r => Encoding.UTF8.GetString(r.Body).Contains(api.Id, StringComparison.Ordinal)).Body), StringComparison.Ordinal);
        // The receiver records a delivery before its answer reaches the simulator, which then counts it.
        await Eventually.UntilAsync(() => Task.FromResult(sim.Host.GetStats().Webhooks.GetValueOrDefault("delivered")), n => n == 3);
    }

    [Fact]
    public async Task StartAsync_WebhookUrlWithoutSecret_IsRefused()
    {
        var options = new SimulatorOptions { WebhookUrl = new Uri("http://127.0.0.1:9/hook") };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CircleCiSimulatorHost.StartAsync(Of(), options));

        Assert.Contains("webhook secret", error.Message, StringComparison.Ordinal);
    }
}
