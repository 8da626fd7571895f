using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Release.Activities.Release;
using Release.Webhooks;
using Release.Workflows.Release;

namespace Orchestrator.Tests;

/// <summary>CircleCI webhooks from the simulator, through the receiver, into the component workflows.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class WebhookTests(OrchestratorFixture fixture) : IAsyncLifetime
{
    private WebhookReceiverHost receiver = null!;

    public async Task InitializeAsync()
    {
        await SearchAttributeSetup.EnsureRegisteredAsync(fixture.Client);
        receiver = await WebhookReceiverHost.StartAsync(fixture.Client, ReleaseHarness.WebhookSecret, IPAddress.Loopback, 0);
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task RunAsync_WithWebhooks_EndsStagesAtTheWebhookAndPollsOnlyAsASafetyNet()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, webhookUrl: receiver.Url);
        // Safety-net polls 15 s apart: two stages could not finish within the 40 s execution
        // timeout if the webhooks did not end them.
        var watch = ReleaseHarness.FastWatch with { WebhookSafetyInterval = TimeSpan.FromSeconds(15) };
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"], ["b1"]), new ReleaseSettings(Watch: watch), indexed: true);

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var stats = harness.Simulator.GetStats();
        Assert.Equal(3, stats.Webhooks.GetValueOrDefault("delivered"));
        // Per pipeline: at most two polls until its workflows exist, the one the webhook asked
        // for, and the stage snapshot's read.
        Assert.True(stats.CallsTo("GET /api/v2/pipeline/{id}/workflow") <= 3 * 4, string.Join(", ", stats.Calls));
        var child = await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").DescribeAsync();
        await ExportIfAskedAsync("component-webhook.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").FetchHistoryAsync());
        Assert.Equal(
            Assert.Single(summary.Stages[0].Components, c => c.Name == "a1").Pipeline!.Id,
            child.TypedSearchAttributes.Get(ReleaseSearchAttributes.PipelineId));
    }

    [Fact]
    public async Task Post_WrongSignature_IsRejectedWith401()
    {
        using var http = new HttpClient();
        using var content = new StringContent("""{"id":"e1","type":"workflow-completed","pipeline":{"id":"5034460f-c7c4-4c43-9457-de07e2029e7b"}}""");
        content.Headers.Add("circleci-signature", "v1=" + new string('0', 64));

        using var response = await http.PostAsync(receiver.Url, content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_SameEventTwice_SecondIsADuplicate()
    {
        using var http = new HttpClient();
        var body = System.Text.Json.JsonSerializer.Serialize(new { id = Guid.NewGuid(), type = "workflow-completed", pipeline = new { id = Guid.NewGuid() } });

        var first = await PostSignedAsync(http, body);
        var second = await PostSignedAsync(http, body);

        Assert.Equal("accepted", first.GetProperty("status").GetString());
        Assert.Equal(0, first.GetProperty("workflows").GetInt32());
        Assert.Equal("duplicate", second.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_PipelineIdNotAUuid_IsABadRequest()
    {
        using var http = new HttpClient();
        using var content = Signed("""{"id":"e2","type":"workflow-completed","pipeline":{"id":"x' OR WorkflowId != '"}}""");

        using var response = await http.PostAsync(receiver.Url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>With EXPORT_HISTORIES=1, saves the history beside the others that ReplayTests replays.</summary>
    private static async Task ExportIfAskedAsync(string file, Temporalio.Common.WorkflowHistory history)
    {
        if (Environment.GetEnvironmentVariable("EXPORT_HISTORIES") != "1")
        {
            return;
        }

        await File.WriteAllTextAsync(Path.Combine(RepositoryRoot.Path, "tests", "Orchestrator.Tests", "Histories", file), history.ToJson());
    }

    private async Task<System.Text.Json.JsonElement> PostSignedAsync(HttpClient http, string body)
    {
        using var content = Signed(body);
        using var response = await http.PostAsync(receiver.Url, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    private static StringContent Signed(string body)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ReleaseHarness.WebhookSecret), Encoding.UTF8.GetBytes(body));
        content.Headers.Add("circleci-signature", "v1=" + Convert.ToHexStringLower(signature));
        return content;
    }
}
