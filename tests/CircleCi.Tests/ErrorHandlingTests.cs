using System.Net;
using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>How failures surface through the client: retryable (with delay) or not, and CircleCI's message.</summary>
public sealed class ErrorHandlingTests
{
    private const string Slug = "gh/acme/api";

    private static SimulatorScenario WithFaults(FaultSpec faults) =>
        Of((Slug, Project(Workflow("build", Job("compile"))) with { Faults = faults }));

    // Calls about unknown ids belong to no project: the scenario-wide faults apply.
    private static SimulatorScenario WithGlobalFaults(FaultSpec faults) =>
        Of((Slug, Project(Workflow("build", Job("compile"))))) with { Faults = faults };

    [Fact]
    public async Task TriggerPipelineAsync_RateLimited_IsRetryableWithRetryAfter()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec { RateLimitRate = 1, RetryAfterSeconds = 7 }));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.TriggerPipelineAsync(Slug, "main"));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Equal("Rate limit exceeded", e.ServerMessage);
        Assert.Equal(1, sim.Host.GetStats().FaultsOf("rate_limited"));
        Assert.Equal(0, sim.Host.GetStats().TriggersOf(Slug));
    }

    [Fact]
    public async Task TriggerPipelineAsync_RateLimitedPlainText_KeepsTheTextAsMessage()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec { RateLimitRate = 1, RetryAfterSeconds = 2, RateLimitPlainText = true }));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.TriggerPipelineAsync(Slug, "main"));

        Assert.Equal("Rate limited.", e.ServerMessage);
        Assert.Equal(TimeSpan.FromSeconds(2), e.RetryAfter);
    }

    [Fact]
    public async Task GetPipelineAsync_ServerError_IsRetryableWithoutDelay()
    {
        await using var sim = await SimHarness.StartAsync(WithGlobalFaults(new FaultSpec { ServerErrorRate = 1 }));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.GetPipelineAsync(Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Null(e.RetryAfter);
        Assert.Equal(1, sim.Host.GetStats().FaultsOf("server_error"));
    }

    [Fact]
    public async Task GetPipelineAsync_SlowAnswerBeyondTimeout_IsRetryable()
    {
        await using var sim = await SimHarness.StartAsync(
            WithGlobalFaults(new FaultSpec { SlowRate = 1, SlowDelayMs = 5000 }),
            timeout: TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.GetPipelineAsync(Guid.NewGuid().ToString()));

        Assert.Null(e.StatusCode);
        Assert.Contains("did not answer within 0.2 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPipelineAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var sim = await SimHarness.StartAsync(WithGlobalFaults(new FaultSpec { SlowRate = 1, SlowDelayMs = 5000 }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Client.GetPipelineAsync(Guid.NewGuid().ToString(), cancel.Token));
    }

    [Fact]
    public async Task GetPipelineAsync_UnknownId_IsNotRetryableWithMessage()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec()));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.GetPipelineAsync(Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("Pipeline not found", e.ServerMessage);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobDetailsAsync_UnknownJob_IsNotRetryable()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec()));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.GetJobDetailsAsync(Slug, 999));

        Assert.Equal("Job not found", e.ServerMessage);
    }

    [Fact]
    public async Task TriggerPipelineAsync_UnknownProject_IsNotRetryable()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec()));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.TriggerPipelineAsync("gh/acme/unknown", "main"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("Project not found", e.ServerMessage);
    }

    [Fact]
    public async Task ListPipelinesAsync_BadPageToken_IsNotRetryable()
    {
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec()));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => sim.Client.ListPipelinesAsync(Slug, "main", "not-a-token"));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("Invalid page-token", e.ServerMessage);
    }

    [Fact]
    public async Task GetPipelineAsync_WrongToken_IsUnauthorizedAndNeverShowsTheToken()
    {
        const string wrongToken = "wrong-token-9c41d2-secret";
        await using var sim = await SimHarness.StartAsync(WithFaults(new FaultSpec()));
        var client = sim.ClientWith(wrongToken);

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => client.TriggerPipelineAsync(Slug, "main"));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("You must log in first.", e.ServerMessage);
        Assert.DoesNotContain(wrongToken, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Scenarios.Token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerPipelineAsync_ServerUnreachable_IsRetryable()
    {
        var port = await FreePortAsync();
        using var http = new HttpClient();
        var client = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}/api/v2/"), Token = Scenarios.Token });

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => client.TriggerPipelineAsync(Slug, "main"));

        Assert.Null(e.StatusCode);
        Assert.DoesNotContain(Scenarios.Token, e.ToString(), StringComparison.Ordinal);
    }

    // A port that was free a moment ago: start and stop a simulator on port 0.
    private static async Task<int> FreePortAsync()
    {
        await using var probe = await CircleCiSimulatorHost.StartAsync(new SimulatorScenario());
        return probe.BaseUrl.Port;
    }
}
