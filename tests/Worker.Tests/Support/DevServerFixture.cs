using Release.DevServer.Hosting;
using Temporalio.Client;

namespace Worker.Tests.Support;

/// <summary>One embedded dev server for the worker tests; each test uses its own task queue.</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private TemporalDevServer? server;

    public string Address => server!.Address;

    public ITemporalClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0, PollTimeout = TimeSpan.FromSeconds(2) });
        Client = await TemporalClient.ConnectAsync(new(server.Address));
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
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "dev server";
}
