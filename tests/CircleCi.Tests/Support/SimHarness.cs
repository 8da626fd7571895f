using Release.Activities.CircleCi;
using Release.CircleCiSimulator;

namespace Release.CircleCi.Tests;

/// <summary>An embedded simulator plus a real client talking to it over HTTP.</summary>
internal sealed class SimHarness : IAsyncDisposable
{
    private readonly HttpClient http;

    private SimHarness(CircleCiSimulatorHost host, HttpClient http, CircleCiClient client)
    {
        Host = host;
        this.http = http;
        Client = client;
    }

    public CircleCiSimulatorHost Host { get; }

    public CircleCiClient Client { get; }

    public static async Task<SimHarness> StartAsync(
        SimulatorScenario scenario,
        SimulatorOptions? options = null,
        string token = Scenarios.Token,
        TimeSpan? timeout = null)
    {
        var host = await CircleCiSimulatorHost.StartAsync(scenario, options ?? new SimulatorOptions { TimeScale = 0.01 });
        var http = new HttpClient();
        var client = new CircleCiClient(http, new CircleCiClientOptions
        {
            BaseUrl = host.BaseUrl,
            Token = token,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });
        return new SimHarness(host, http, client);
    }

    /// <summary>A second client on the same simulator, e.g. with another token.</summary>
    public CircleCiClient ClientWith(string token, TimeSpan? timeout = null) =>
        new(http, new CircleCiClientOptions { BaseUrl = Host.BaseUrl, Token = token, Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    /// <summary>The pipeline's only workflow once it appears.</summary>
    public async Task<CircleCiWorkflow> SingleWorkflowAsync(string pipelineId) =>
        (await Eventually.UntilAsync(() => Client.GetWorkflowsAsync(pipelineId), w => w.Count > 0)).Single();

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Host.DisposeAsync();
    }
}
