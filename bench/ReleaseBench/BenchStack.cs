using System.Net;
using System.Net.Sockets;
using Release.Activities.Release;
using Release.CircleCiSimulator;
using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>
/// One release's world: the dev server and the worker as their own processes (as in production),
/// the CircleCI simulator playing the scenario, and a client.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    private BenchStack(ChildProcess server, ChildProcess worker, CircleCiSimulatorHost simulator, ITemporalClient client, string taskQueue)
    {
        Server = server;
        Worker = worker;
        Simulator = simulator;
        Client = client;
        TaskQueue = taskQueue;
    }

    public ChildProcess Server { get; }

    public ChildProcess Worker { get; }

    public CircleCiSimulatorHost Simulator { get; }

    public ITemporalClient Client { get; }

    public string TaskQueue { get; }

    /// <param name="webhooks">The simulator sends CircleCI webhooks to the worker's receiver; otherwise pipelines are only polled.</param>
    public static async Task<BenchStack> StartAsync(BenchScenario scenario, double timeScale, int seed, bool webhooks)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var port = FreePort();
        var server = ChildProcess.Start("src/DevServer", "Release.DevServer", ["--port", port.ToString(culture), "--headless"]);
        var address = $"127.0.0.1:{port}";
        var client = await ConnectAsync(address, server);
        await SearchAttributeSetup.EnsureRegisteredAsync(client);
        var webhookPort = FreePort();
        var simulator = await CircleCiSimulatorHost.StartAsync(
            scenario.ToSimulatorScenario(seed),
            new SimulatorOptions
            {
                Port = 0,
                TimeScale = timeScale,
                WebhookUrl = webhooks ? new Uri($"http://127.0.0.1:{webhookPort}/circleci/webhook") : null,
                WebhookSecret = webhooks ? WebhookSecret : null,
            });
        var taskQueue = "release-bench";
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = address,
            ["TEMPORAL_TASK_QUEUE"] = taskQueue,
            ["CIRCLECI_BASE_URL"] = simulator.BaseUrl.ToString(),
            ["CIRCLECI_TOKEN"] = BenchScenario.Token,
        };
        // Experiments on the worker's runtime settings without rebuilding: RELEASE_BENCH_WORKER_ENV="K=V;K2=V2".
        foreach (var pair in (Environment.GetEnvironmentVariable("RELEASE_BENCH_WORKER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            environment[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        if (webhooks)
        {
            environment["CIRCLECI_WEBHOOK_SECRET"] = WebhookSecret;
            environment["CIRCLECI_WEBHOOK_PORT"] = webhookPort.ToString(culture);
            environment["CIRCLECI_WEBHOOK_IP"] = "127.0.0.1";
        }

        var worker = ChildProcess.Start("src/Worker", "Release.Worker", [], environment);
        return new BenchStack(server, worker, simulator, client, taskQueue);
    }

    private const string WebhookSecret = "bench-webhook-secret";

    public async ValueTask DisposeAsync()
    {
        Worker.Dispose();
        Server.Dispose();
        await Simulator.DisposeAsync();
    }

    private static async Task<ITemporalClient> ConnectAsync(string address, ChildProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await TemporalClient.ConnectAsync(new(address));
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
