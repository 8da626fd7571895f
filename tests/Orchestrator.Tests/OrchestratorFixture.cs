using Release.DevServer.Hosting;
using Temporalio.Client;

namespace Orchestrator.Tests;

/// <summary>
/// Starts the embedded dev server once for the suite, or connects to TEMPORAL_ADDRESS when it is
/// set, so the same end-to-end tests can run against a real Temporal server.
/// </summary>
public sealed class OrchestratorFixture : IAsyncLifetime
{
    private TemporalDevServer? server;

    public ITemporalClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var address = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(address))
        {
            server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0, PollTimeout = TimeSpan.FromSeconds(5) });
            address = server.Address;
        }

        Client = await TemporalClient.ConnectAsync(new(address) { Namespace = "default" });
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OrchestratorCollection : ICollectionFixture<OrchestratorFixture>
{
    public const string Name = "orchestrator";
}
