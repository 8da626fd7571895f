using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.Webhooks;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>CircleCI webhooks from the simulator, through the receiver, into the component workflows.</summary>
[Collection(OrchestratorCollection.Name)]
public sealed class WebhookTests(OrchestratorFixture fixture) : IAsyncLifetime
{
    // Pipelines of 4 s: the first poll sees them running, so only a second poll can end them.
    private const string FourSecondPipelines = $$"""
        { "token": "{{ReleaseHarness.Token}}", "projects": { "*": { "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 40 }, { "name": "test", "durationSeconds": 40 } ] } ] } } }
        """;

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
        await HistoryExport.SaveIfAskedAsync("component-webhook.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").FetchHistoryAsync());
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

    [Fact]
    public async Task Post_Ping_IsAnswered200()
    {
        using var http = new HttpClient();

        var answer = await PostSignedAsync(http, """{"id":"ping-1","type":"ping","happened_at":"2026-12-02T03:00:00Z","webhook":{"id":"w","name":"release"}}""");

        Assert.Equal("pong", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_JsonArray_IsABadRequestWithAPlainReason()
    {
        using var http = new HttpClient();
        using var content = Signed("""[{"id":"e3","type":"workflow-completed"}]""");

        using var response = await http.PostAsync(receiver.Url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("the body is JSON but not an object (found an array); a CircleCI webhook is an object", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_WhileTemporalIsDownOrStalled_Answers503QuicklyAndTheRedeliveryIsRouted(bool stalled)
    {
        await using var relay = new TcpRelay(fixture.Client.Connection.Options.TargetHost!);
        var relayed = await Temporalio.Client.TemporalClient.ConnectAsync(new(relay.Address) { Namespace = fixture.Client.Options.Namespace });
        await using var cutOff = await WebhookReceiverHost.StartAsync(relayed, ReleaseHarness.WebhookSecret, IPAddress.Loopback, 0);
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllSlow);
        var (release, component, pipelineId) = await StartWatchedComponentAsync(harness);
        var body = WorkflowCompleted(Guid.NewGuid().ToString(), pipelineId);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        if (stalled)
        {
            relay.Stall();
        }
        else
        {
            relay.Cut();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var down = await PostAsync(http, cutOff.Url, body);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
        Assert.Contains("a redelivery will be routed", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        relay.Restore();
        // CircleCI redelivers until it gets a 2xx; the client may need a try or two to reconnect.
        var redelivered = await RedeliverUntilAnsweredAsync(http, cutOff.Url, body);
        Assert.Equal("accepted", redelivered.GetProperty("status").GetString());
        Assert.Equal(1, redelivered.GetProperty("workflows").GetInt32());
        using var again = await PostAsync(http, cutOff.Url, body);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await PipelineEventSignalsAsync(component));
        await release.TerminateAsync("test done");
    }

    [Fact]
    public async Task Post_SameEventConcurrently_IsRoutedOnce()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllSlow);
        var (release, component, pipelineId) = await StartWatchedComponentAsync(harness);
        var body = WorkflowCompleted(Guid.NewGuid().ToString(), pipelineId);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await PostAsync(http, receiver.Url, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString();
        }));

        Assert.Equal(1, answers.Count(a => a == "accepted"));
        Assert.Equal(7, answers.Count(a => a == "duplicate"));
        Assert.Equal(1, await PipelineEventSignalsAsync(component));
        await release.TerminateAsync("test done");
    }

    [Fact]
    public async Task RunAsync_ProjectsSendNoWebhooks_PollNormallyAfterTheWindowWithOneWarningEach()
    {
        // The simulator sends no webhooks: webhooks are "on" in the worker, yet none arrives.
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, FourSecondPipelines, inProcessWorker: false);
        var clock = new ShiftedClock();
        var log = new ListLogger<WebhookMode>();
        var mode = new WebhookMode(true, TimeSpan.FromSeconds(30), clock, log);
        clock.Shift = TimeSpan.FromMinutes(1);
        using var http = new HttpClient();
        var circleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = harness.Simulator.BaseUrl, Token = ReleaseHarness.Token });
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(harness.TaskQueue)
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddAllActivities(new CircleCiActivities(circleCi, NullLogger<CircleCiActivities>.Instance, mode))
            .AddAllActivities(new ReportActivities(NullLogger<ReportActivities>.Instance))
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddAllActivities(TestEvents.Activities(harness.EventsFile)));
        using var stop = new CancellationTokenSource();
        var running = worker.ExecuteAsync(stop.Token);
        // Safety-net polls 10 minutes apart: only the fallback lets the release end within its 40 s.
        var watch = ReleaseHarness.FastWatch with { WebhookSafetyInterval = TimeSpan.FromMinutes(10) };

        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"]), new ReleaseSettings(Watch: watch));
        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        // Per pipeline: at least the poll that saw it running, the one that saw it end, and the snapshot's read.
        Assert.True(harness.Simulator.GetStats().CallsTo("GET /api/v2/pipeline/{id}/workflow") >= 2 * 3, string.Join(", ", harness.Simulator.GetStats().Calls));
        var warnings = log.Events.Where(e => e.TryGetValue("{OriginalFormat}", out var f) && f is string t && t.StartsWith("No CircleCI webhook", StringComparison.Ordinal)).ToList();
        Assert.Equal(["gh/acme/a1", "gh/acme/a2"], warnings.Select(w => (string)w["ProjectSlug"]!).Order());
        await HistoryExport.SaveIfAskedAsync("component-webhook-fallback.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").FetchHistoryAsync());

        // A webhook from a1 through the receiver: a1 is back in webhook mode, a2 is not.
        await using var receiving = await WebhookReceiverHost.StartAsync(
            fixture.Client, ReleaseHarness.WebhookSecret, IPAddress.Loopback, 0, null, new WebhookReceiverOptions { ProjectHeard = mode.Heard });
        using var delivered = await PostAsync(http, receiving.Url, WorkflowCompleted(Guid.NewGuid().ToString(), Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.True(mode.Arriving("gh/acme/a1"));
        Assert.False(mode.Arriving("gh/acme/a2"));
        Assert.Equal(2, log.Events.Count(e => e.ContainsKey("ProjectSlug") && ((string)e["{OriginalFormat}"]!).StartsWith("No CircleCI webhook", StringComparison.Ordinal)));
        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task WorkerProcess_ProjectsSendNoWebhooks_FallsBackWithOneWarningEachAndReturnsOnAWebhook()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, FourSecondPipelines, inProcessWorker: false);
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = fixture.Client.Connection.Options.TargetHost!,
            ["TEMPORAL_NAMESPACE"] = fixture.Client.Options.Namespace,
            ["TEMPORAL_TASK_QUEUE"] = harness.TaskQueue,
            ["CIRCLECI_BASE_URL"] = harness.Simulator.BaseUrl.ToString(),
            ["CIRCLECI_TOKEN"] = ReleaseHarness.Token,
            ["CIRCLECI_WEBHOOK_SECRET"] = ReleaseHarness.WebhookSecret,
            ["CIRCLECI_WEBHOOK_IP"] = "127.0.0.1",
            ["CIRCLECI_WEBHOOK_PORT"] = "0",
            ["CIRCLECI_WEBHOOK_FALLBACK_AFTER"] = "1s",
        });
        var url = await WaitForOutputAsync(worker, "Receiving CircleCI webhooks at ");
        await WaitForOutputAsync(worker, "Polling task queue");
        // The window is counted from the worker's start: let it pass (a lower bound, not a guess
        // at how long something takes), so the first poll already finds the projects silent.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var watch = ReleaseHarness.FastWatch with { WebhookSafetyInterval = TimeSpan.FromMinutes(10) };

        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"]), new ReleaseSettings(Watch: watch));
        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        Assert.Equal(1, Occurrences(worker.Output, "No CircleCI webhook from project gh/acme/a1 for 1 second:"));
        Assert.Equal(1, Occurrences(worker.Output, "No CircleCI webhook from project gh/acme/a2 for 1 second:"));
        using var http = new HttpClient();
        using var delivered = await PostAsync(http, new Uri(url), WorkflowCompleted(Guid.NewGuid().ToString(), Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        await WaitForOutputAsync(worker, "CircleCI webhooks from project gh/acme/a1 arrive again");
    }

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;

    /// <summary>Waits for a worker output line containing <paramref name="marker"/>; returns what follows it.</summary>
    private static async Task<string> WaitForOutputAsync(WorkerProcess worker, string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (worker.Output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal)) is { } line)
            {
                return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
            }

            Assert.True(DateTime.UtcNow < deadline, $"the worker never printed '{marker}'; its output:\n{worker.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts a one-component release whose pipeline runs long, and waits until the receiver can find it.</summary>
    private async Task<(Temporalio.Client.WorkflowHandle Release, Temporalio.Client.WorkflowHandle Component, string PipelineId)> StartWatchedComponentAsync(ReleaseHarness harness)
    {
        var release = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), indexed: true);
        var component = fixture.Client.GetWorkflowHandle($"{release.Id}/a1");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var described = await component.DescribeAsync();
                if (described.TypedSearchAttributes.TryGetValue(ReleaseSearchAttributes.PipelineId, out var pipelineId)
                    && (await fixture.Client.ListWorkflowsAsync($"{ReleaseSearchAttributes.PipelineId.Name} = '{pipelineId}'").AnyAsync()))
                {
                    return (release, component, pipelineId);
                }
            }
            catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
            {
                // Not started yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the component never indexed its pipeline");
            await Task.Delay(100);
        }
    }

    private static async Task<int> PipelineEventSignalsAsync(Temporalio.Client.WorkflowHandle component)
    {
        var history = await component.FetchHistoryAsync();
        return history.Events.Count(e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "pipeline_event");
    }

    private static async Task<System.Text.Json.JsonElement> RedeliverUntilAnsweredAsync(HttpClient http, Uri url, string body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await PostAsync(http, url, body);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            }

            Assert.True(DateTime.UtcNow < deadline, "Temporal never became reachable again through the relay");
            await Task.Delay(200);
        }
    }

    private static string WorkflowCompleted(string eventId, string pipelineId) => System.Text.Json.JsonSerializer.Serialize(new
    {
        id = eventId,
        type = "workflow-completed",
        project = new { slug = "github/acme/a1" },
        workflow = new { id = Guid.NewGuid(), status = "success" },
        pipeline = new { id = pipelineId },
    });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, string body)
    {
        using var content = Signed(body);
        return await http.PostAsync(url, content);
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

    /// <summary>The system clock moved by <see cref="Shift"/>, to pass a fallback window without waiting for it.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
