using Release.Activities.CircleCi;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.CircleCiSimulator;
using Release.DevServer.Hosting;
using Release.Logging;
using Release.Worker;
using Temporalio.Client;
using Temporalio.Runtime;
using Temporalio.Worker;

namespace Release.LocalStack;

/// <summary>
/// Everything a release needs, in this process: the embedded Temporal dev server (with its web UI),
/// the CircleCI simulator playing a scenario, and a release worker logging ECS JSON to a file.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string TaskQueue = "release-demo";

    private readonly TemporalDevServer server;
    private readonly CircleCiSimulatorHost simulator;
    private readonly ReleaseLogger log;
    private readonly Microsoft.Extensions.Logging.ILoggerFactory loggers;
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stopWorker = new();
    private readonly TemporalWorker worker;
    private readonly Task workerRun;
    private bool disposed;

    private LocalStack(
        TemporalDevServer server, CircleCiSimulatorHost simulator, ReleaseLogger log, Microsoft.Extensions.Logging.ILoggerFactory loggers, ITemporalClient client, string logPath)
    {
        this.server = server;
        this.simulator = simulator;
        this.log = log;
        this.loggers = loggers;
        Client = client;
        LogPath = logPath;
        var circleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = simulator.Scenario.Token ?? "" });
        worker = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueue) { LoggerFactory = loggers }.AddReleaseWorkflows(
            circleCi, loggers, ReportStore.FromEnvironment(), events: new EventSettings { File = EventsPath, UiUrl = server.UiAddress ?? EventSettings.DefaultUiUrl }));
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }

    public ITemporalClient Client { get; }

    /// <summary>The dev server's gRPC address, host:port.</summary>
    public string Address => server.Address;

    /// <summary>The dev server's web UI, when it serves one.</summary>
    public string? UiAddress => server.UiAddress;

    public Uri SimulatorUrl => simulator.RootUrl;

    /// <summary>
    /// The log file as configured. The logger rolls files daily, so the file written carries the
    /// date before its extension: <see cref="WrittenLogFile"/> finds it.
    /// </summary>
    public string LogPath { get; }

    /// <summary>Where the demo's release events go, one CloudEvent a line: beside the log, as no broker is configured.</summary>
    public string EventsPath => Path.ChangeExtension(LogPath, ".events.ndjson");

    public static async Task<LocalStack> StartAsync(SimulatorScenario scenario, double timeScale, string logPath, CancellationToken cancellationToken)
    {
        var log = ReleaseLogging.CreateLogger(new LogSettings
        {
            ServiceName = "release-demo",
            Console = ConsoleFormat.None,
            JsonFile = logPath,
            Secrets = scenario.Token is { } token ? [token] : [],
        });
        var loggers = log.CreateLoggerFactory();
        TemporalDevServer? server = null;
        CircleCiSimulatorHost? simulator = null;
        try
        {
            server = await TemporalDevServer.StartAsync(
                new DevServerOptions { Port = 0, UiPort = 0, Headless = false, PollTimeout = TimeSpan.FromSeconds(5) }, cancellationToken);
            simulator = await CircleCiSimulatorHost.StartAsync(scenario, new SimulatorOptions { Port = 0, TimeScale = timeScale }, cancellationToken);
            // The SDK core's own log lines go to the demo's log file, not over the live table.
            var runtime = new TemporalRuntime(new TemporalRuntimeOptions
            {
                Telemetry = new TelemetryOptions { Logging = new LoggingOptions { Forwarding = new LogForwardingOptions { Logger = loggers.CreateLogger("Temporalio.Core") } } },
            });
            var client = await TemporalClient.ConnectAsync(new(server.Address) { Namespace = "default", Runtime = runtime });
            return new LocalStack(server, simulator, log, loggers, client, logPath);
        }
        catch
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            loggers.Dispose();
            await log.DisposeAsync();
            throw;
        }
    }

    /// <summary>The newest file the logger wrote for <see cref="LogPath"/> (call after disposing, so it is flushed).</summary>
    public string? WrittenLogFile()
    {
        var folder = Path.GetDirectoryName(LogPath)!;
        var pattern = $"{Path.GetFileNameWithoutExtension(LogPath)}*{Path.GetExtension(LogPath)}";
        return Directory.Exists(folder)
            ? new DirectoryInfo(folder).GetFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stopWorker.CancelAsync();
        try
        {
            await workerRun;
        }
        catch (OperationCanceledException)
        {
            // How a worker run ends when asked to stop.
        }

        worker.Dispose();
        stopWorker.Dispose();
        await simulator.DisposeAsync();
        await server.DisposeAsync();
        http.Dispose();
        loggers.Dispose();
        await log.DisposeAsync();
    }
}
