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
    private readonly List<ChildProcess> workers;
    private readonly IReadOnlyList<string> serverArgs;
    private readonly IReadOnlyDictionary<string, string> workerEnvironment;

    private BenchStack(
        ChildProcess server, IReadOnlyList<string> serverArgs, List<ChildProcess> workers, IReadOnlyDictionary<string, string> workerEnvironment,
        CircleCiSimulatorHost simulator, ITemporalClient client, string taskQueue, ReportStore reports)
    {
        Reports = reports;
        Server = server;
        this.serverArgs = serverArgs;
        this.workers = workers;
        this.workerEnvironment = workerEnvironment;
        Simulator = simulator;
        Client = client;
        TaskQueue = taskQueue;
    }

    public ChildProcess Server { get; private set; }

    public ChildProcess Worker => workers[0];

    public IReadOnlyList<ChildProcess> Workers => workers;

    public CircleCiSimulatorHost Simulator { get; }

    /// <summary>Replaced after a server restart: the old connection may not come back by itself.</summary>
    public ITemporalClient Client { get; private set; }

    public string TaskQueue { get; }

    /// <summary>The workers' report store (a temp folder): large stages' whole reports are read back from it.</summary>
    public ReportStore Reports { get; }

    /// <param name="webhooks">The simulator sends CircleCI webhooks to the worker's receiver; otherwise pipelines are only polled.</param>
    /// <param name="database">The dev server keeps its state in this file, so it survives being killed.</param>
    /// <param name="workerCount">Worker processes polling the same task queue.</param>
    /// <param name="analyticsStore">The workers' RELEASE_ANALYTICS_STORE (where expected durations are read); null: their default.</param>
    /// <param name="extraWorkerEnvironment">More worker settings (the events section's RELEASE_EVENTS_*), over the rest.</param>
    public static async Task<BenchStack> StartAsync(
        BenchScenario scenario, double timeScale, int seed, bool webhooks, string? database = null, int workerCount = 1, string? analyticsStore = null,
        IReadOnlyDictionary<string, string>? extraWorkerEnvironment = null)
    {
        // Every worker would bind the same webhook port.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(webhooks ? workerCount : 1, 1, nameof(workerCount));
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var port = FreePort();
        List<string> serverArgs = ["--port", port.ToString(culture), "--headless"];
        if (database is not null)
        {
            serverArgs.AddRange(["--db-filename", database]);
        }

        var server = ChildProcess.Start("src/DevServer", "Release.DevServer", serverArgs);
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
        var reports = new ReportStore(Path.Combine(Path.GetTempPath(), $"release-bench-reports-{Guid.NewGuid():N}"));
        var environment = new Dictionary<string, string>
        {
            [ReportStore.FolderVariable] = reports.Folder,
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

        if (analyticsStore is not null)
        {
            environment["RELEASE_ANALYTICS_STORE"] = analyticsStore;
        }

        foreach (var (name, value) in extraWorkerEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        if (webhooks)
        {
            environment["CIRCLECI_WEBHOOK_SECRET"] = WebhookSecret;
            environment["CIRCLECI_WEBHOOK_PORT"] = webhookPort.ToString(culture);
            environment["CIRCLECI_WEBHOOK_IP"] = "127.0.0.1";
        }

        var workers = Enumerable.Range(0, workerCount).Select(_ => ChildProcess.Start("src/Worker", "Release.Worker", [], environment)).ToList();
        return new BenchStack(server, serverArgs, workers, environment, simulator, client, taskQueue, reports);
    }

    /// <summary>SIGKILLs one worker and starts its replacement at once, as a supervisor would.</summary>
    public void KillWorker(int index)
    {
        workers[index].Dispose();
        workers[index] = ChildProcess.Start("src/Worker", "Release.Worker", [], workerEnvironment);
    }

    /// <summary>SIGKILLs the dev server and starts it again on the same port (and file); returns once it answers.</summary>
    public async Task RestartServerAsync()
    {
        Server.Dispose();
        Server = ChildProcess.Start("src/DevServer", "Release.DevServer", serverArgs);
        Client = await ConnectAsync(Client.Connection.Options.TargetHost!, Server);
    }

    private const string WebhookSecret = "bench-webhook-secret";

    public async ValueTask DisposeAsync()
    {
        workers.ForEach(w => w.Dispose());
        Server.Dispose();
        await Simulator.DisposeAsync();
        if (Directory.Exists(Reports.Folder))
        {
            Directory.Delete(Reports.Folder, recursive: true);
        }
    }

    /// <summary>Connects once the dev server process answers (at most 30 s, or until it exits).</summary>
    internal static async Task<ITemporalClient> ConnectAsync(string address, ChildProcess server)
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
