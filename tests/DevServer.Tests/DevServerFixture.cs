using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// Starts the embedded dev server once for the suite, or connects to TEMPORAL_ADDRESS when it is set,
/// so the same conformance tests can run against a real Temporal server.
/// </summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private TemporalDevServer? _server;

    public string Address { get; private set; } = "";
    public ITemporalClient Client { get; private set; } = null!;
    public bool IsEmbedded => _server is not null;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(external))
        {
            _server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0, PollTimeout = TimeSpan.FromSeconds(5) });
            Address = _server.Address;
        }
        else
        {
            Address = external;
        }
        Client = await TemporalClient.ConnectAsync(new(Address) { Namespace = "default" });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A worker on a fresh task queue, so tests never steal each other's tasks.</summary>
    public TemporalWorker NewWorker(Action<TemporalWorkerOptions> configure, string? taskQueue = null)
    {
        var options = new TemporalWorkerOptions(taskQueue ?? NewTaskQueue());
        configure(options);
        return new TemporalWorker(Client, options);
    }

    /// <summary>The server's full description (pending activities and children included).</summary>
    public Task<Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse> DescribeRawAsync(string workflowId) =>
        Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = workflowId } });

    public static string NewTaskQueue() => $"tq-{Guid.NewGuid():N}";

    public static string NewWorkflowId(string prefix = "wf") => $"{prefix}-{Guid.NewGuid():N}";
}

[CollectionDefinition(Name)]
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "dev server";
}
