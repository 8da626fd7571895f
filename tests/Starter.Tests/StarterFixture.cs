using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.Analytics.Store;
using Release.CircleCiSimulator;
using Release.DevServer.Hosting;
using Release.Workflows.Collection;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Temporalio.Client;
using Temporalio.Worker;

namespace Starter.Tests;

/// <summary>
/// One embedded dev server, one CircleCI simulator and one release worker for the suite. The CLI
/// under test reaches them through the environment it is given, as a user's shell would.
/// </summary>
public sealed class StarterFixture : IAsyncLifetime
{
    public const string Token = "starter-test-token";

    // A 20 s scenario job takes 1 s of wall time.
    public const double TimeScale = 0.05;

    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stopWorker = new();
    private TemporalDevServer server = null!;
    private TemporalWorker worker = null!;
    private Task workerRun = Task.CompletedTask;

    public ITemporalClient Client { get; private set; } = null!;

    public CircleCiSimulatorHost Simulator { get; private set; } = null!;

    public string TaskQueue { get; } = $"starter-{Guid.NewGuid():N}";

    /// <summary>
    /// The worker's report store. Every report is over its inline limit (0), so every release of
    /// the suite keeps its reports out of history and the command line reads them back from here.
    /// </summary>
    public ReportStore Reports { get; } = new(Path.Combine(Path.GetTempPath(), $"starter-reports-{Guid.NewGuid():N}")) { InlineLimit = 0 };

    /// <summary>The worker's analytics store, a SQLite file in the reports folder.</summary>
    public string AnalyticsFile => Path.Combine(Reports.Folder, "analytics.db");

    /// <summary>
    /// Where the worker reads expected durations: a store of its own, so that what other tests
    /// collect into <see cref="AnalyticsFile"/> gives their releases no ETA.
    /// </summary>
    /// <summary>Where the worker writes release events (no broker here).</summary>
    public string EventsFile => Path.Combine(Reports.Folder, "events.ndjson");

    public string PredictionsFile => Path.Combine(Reports.Folder, "predictions.db");

    /// <summary>The suite's CircleCI client, to trigger pipelines a test then collects.</summary>
    public CircleCiClient CircleCi { get; private set; } = null!;

    /// <summary>The environment the CLI sees: this suite's server and task queue.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TEMPORAL_ADDRESS"] = server.Address,
        ["TEMPORAL_NAMESPACE"] = "default",
        ["TEMPORAL_TASK_QUEUE"] = TaskQueue,
        [ReportStore.FolderVariable] = Reports.Folder,
    };

    public async Task InitializeAsync()
    {
        server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0, PollTimeout = TimeSpan.FromSeconds(5) });
        Simulator = await CircleCiSimulatorHost.StartAsync(
            ScenarioLoader.Parse(TestScenario.Json), new SimulatorOptions { Port = 0, TimeScale = TimeScale });
        Client = await TemporalClient.ConnectAsync(new(server.Address) { Namespace = "default" });
        var circleCi = CircleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = Simulator.BaseUrl, Token = Token });
        Directory.CreateDirectory(Reports.Folder);
        var collection = new AnalyticsCollectionStore(StoreLocation.Parse(AnalyticsFile));
        worker = new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueue)
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddAllActivities(new CircleCiActivities(circleCi, NullLogger<CircleCiActivities>.Instance, reports: Reports))
            .AddAllActivities(new ReportActivities(NullLogger<ReportActivities>.Instance, Reports))
            .AddAllActivities(new PredictionActivities(NullLogger<PredictionActivities>.Instance, new ExpectedDurationSource(StoreLocation.Parse(PredictionsFile))))
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddAllActivities(new EventSettings { File = EventsFile }.CreateActivities("default", TaskQueue, NullLoggerFactory.Instance))
            .AddWorkflow<CollectWorkflow>()
            .AddWorkflow<CollectProjectWorkflow>()
            .AddAllActivities(new CollectionActivities(circleCi, collection, NullLogger<CollectionActivities>.Instance)));
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }

    public async Task DisposeAsync()
    {
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
        await Simulator.DisposeAsync();
        await server.DisposeAsync();
        http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Reports.Folder))
        {
            Directory.Delete(Reports.Folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StarterCollection : ICollectionFixture<StarterFixture>
{
    public const string Name = "starter";
}
