using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.CircleCiSimulator;
using Release.Events;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>
/// One release against the simulator: a scenario, a worker on a fresh task queue with the real
/// activities, and the release workflow handle.
/// </summary>
public sealed class ReleaseHarness : IAsyncDisposable
{
    public const string Token = "sim-secret-token-4f1c";

    // A 20 s scenario job takes 1 s of wall time.
    private const double TimeScale = 0.05;

    private readonly HttpClient http = new();
    private readonly TemporalWorkerOptions workerOptions;
    private TemporalWorker? worker;
    private CancellationTokenSource stopWorker = new();
    private Task workerRun = Task.CompletedTask;

    private ReleaseHarness(
        ITemporalClient client,
        CircleCiSimulatorHost simulator,
        bool inProcessWorker,
        bool webhooks,
        StatusFilter? statusFilter,
        string? cancelRefusal,
        int? reportInlineLimit,
        ExpectedDurationSource? predictions,
        IEventSink? events)
    {
        Client = client;
        Simulator = simulator;
        CircleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = Token });
        Store = reportInlineLimit is { } limit
            ? new ReportStore(Path.Combine(Path.GetTempPath(), $"reports-{Guid.NewGuid():N}")) { InlineLimit = limit }
            : null;
        var activities = new CircleCiActivities(CircleCi, NullLogger<CircleCiActivities>.Instance, new WebhookMode(webhooks), Store);
        workerOptions = new TemporalWorkerOptions(TaskQueue)
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddAllActivities(new ReportActivities(Reports, Store))
            .AddAllActivities(new PredictionActivities(NullLogger<PredictionActivities>.Instance, predictions))
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddAllActivities(TestEvents.Activities(events ?? new NdjsonEventSink(EventsFile)))
            .AddActivity(activities.TriggerPipelineAsync)
            .AddActivity(activities.RerunWorkflowAsync)
            .AddActivity(activities.SnapshotStageAsync)
            .AddActivity(activities.SnapshotFailureAsync);

        // The real activities, unless a test replaces one.
        if (statusFilter is null)
        {
            workerOptions.AddActivity(activities.GetPipelineStatusAsync);
        }
        else
        {
            workerOptions.AddAllActivities(new FilteredStatusActivities(activities, statusFilter));
        }

        if (cancelRefusal is null)
        {
            workerOptions.AddActivity(activities.CancelPipelinesAsync);
        }
        else
        {
            workerOptions.AddAllActivities(new RefusedCancelActivities(cancelRefusal));
        }

        if (inProcessWorker)
        {
            worker = new TemporalWorker(client, workerOptions);
            workerRun = worker.ExecuteAsync(stopWorker.Token);
        }
    }

    public ITemporalClient Client { get; }

    public CircleCiSimulatorHost Simulator { get; }

    public ListLogger<ReportActivities> Reports { get; } = new();

    /// <summary>The report store in a temp folder, when the harness was started with an inline limit.</summary>
    public ReportStore? Store { get; }

    /// <summary>A client of the simulator with the right token, to look at pipelines as CircleCI shows them.</summary>
    public CircleCiClient CircleCi { get; }

    public string TaskQueue { get; } = $"tq-{Guid.NewGuid():N}";

    /// <summary>Where the worker writes the release's events, unless the harness was given a sink.</summary>
    public string EventsFile { get; } = TestEvents.NewFile();

    public string WorkflowId { get; } = $"release-{Guid.NewGuid():N}";

    public static WatchSettings FastWatch { get; } =
        new(TimeSpan.FromMilliseconds(200), 1.5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), PollsPerRun: 10, CallRetryMaxInterval: TimeSpan.FromSeconds(2));

    /// <param name="inProcessWorker">False when the test runs the worker as a separate process.</param>
    /// <param name="webhookUrl">Where the simulator sends signed webhooks (with <see cref="WebhookSecret"/>).</param>
    /// <param name="statusFilter">Changes what the watch sees of a pipeline (the stage snapshot still reads CircleCI).</param>
    /// <param name="cancelRefusal">CancelPipelines fails with this message, as when CircleCI refuses it.</param>
    /// <param name="reportInlineLimit">Keep stage reports in a temp-folder <see cref="Store"/> above this many bytes; null: no store.</param>
    /// <param name="predictions">Where expected durations are read; null: none, as a worker without an analytics store.</param>
    /// <param name="events">Where the worker publishes release events; null: <see cref="EventsFile"/>.</param>
    public static async Task<ReleaseHarness> StartAsync(
        ITemporalClient client,
        string scenarioJson,
        bool inProcessWorker = true,
        Uri? webhookUrl = null,
        StatusFilter? statusFilter = null,
        string? cancelRefusal = null,
        int? reportInlineLimit = null,
        ExpectedDurationSource? predictions = null,
        IEventSink? events = null)
    {
        var simulator = await CircleCiSimulatorHost.StartAsync(
            ScenarioLoader.Parse(scenarioJson),
            new SimulatorOptions { Port = 0, TimeScale = TimeScale, PageSize = 2, WebhookUrl = webhookUrl, WebhookSecret = webhookUrl is null ? null : WebhookSecret });
        return new ReleaseHarness(client, simulator, inProcessWorker, webhooks: webhookUrl is not null, statusFilter, cancelRefusal, reportInlineLimit, predictions, events);
    }

    public const string WebhookSecret = "sim-webhook-secret-91ab";

    /// <summary>A manifest of snapshot components named by stage, in the organisation "acme".</summary>
    public static ExecutionPlan Plan(params string[][] stages)
    {
        var names = stages.SelectMany(s => s).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            name = "acme",
            version = "1.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = names.Select(n => new { name = n }).ToList(),
            buildDependencies = stages,
        });
        var parsed = ManifestParser.Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main" });
    }

    /// <summary>Like <see cref="Plan"/>, with each component's <c>dependsOn</c> (names absent from the map have none).</summary>
    public static ExecutionPlan PlanWithDependencies(string[][] stages, IReadOnlyDictionary<string, string[]> dependsOn)
    {
        var names = stages.SelectMany(s => s).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            name = "acme",
            version = "1.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = names.Select(n => new { name = n, dependsOn = dependsOn.GetValueOrDefault(n, []) }).ToList(),
            buildDependencies = stages,
        });
        var parsed = ManifestParser.Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main" });
    }

    /// <param name="indexed">Start with the release search attributes (they must be registered).</param>
    /// <param name="timeout">The release's execution timeout (default 40 s), so a stuck test ends.</param>
    public Task<WorkflowHandle<ReleaseWorkflow, ReleaseSummary>> StartReleaseAsync(
        ExecutionPlan plan, ReleaseSettings? settings = null, bool indexed = false, TimeSpan? timeout = null)
    {
        var input = new ReleaseInput(plan, settings ?? new ReleaseSettings(Watch: FastWatch));
        return Client.StartWorkflowAsync(
            (ReleaseWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowId, TaskQueue)
            {
                ExecutionTimeout = timeout ?? TimeSpan.FromSeconds(40),
                TypedSearchAttributes = indexed ? ReleaseSearchAttributes.ForStart(plan) : null,
            });
    }

    /// <summary>Queries progress until the condition holds (or fails the test after a timeout).</summary>
    public async Task<ReleaseProgress> WaitForProgressAsync(
        WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle, Func<ReleaseProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var progress = await handle.QueryAsync(wf => wf.GetProgress());
            if (condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, "the release never reached the expected progress");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the worker as a crash would (tasks in flight are abandoned), then starts a new one.</summary>
    public async Task RestartWorkerAsync()
    {
        await StopWorkerAsync();
        stopWorker = new CancellationTokenSource();
        worker = new TemporalWorker(Client, workerOptions);
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        await Simulator.DisposeAsync();
        http.Dispose();
        File.Delete(EventsFile);
        if (Store is not null && Directory.Exists(Store.Folder))
        {
            Directory.Delete(Store.Folder, recursive: true);
        }
    }

    private async Task StopWorkerAsync()
    {
        await stopWorker.CancelAsync();
        try
        {
            await workerRun;
        }
        catch (OperationCanceledException)
        {
            // The expected end of a worker run.
        }

        worker?.Dispose();
        stopWorker.Dispose();
    }
}
