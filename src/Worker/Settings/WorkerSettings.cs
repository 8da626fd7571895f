using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.Analytics.Store;
using Release.Logging;
using Release.Releases.Connection;

namespace Release.Worker.Settings;

/// <summary>
/// Everything the worker needs, validated. Read from configuration with
/// <see cref="WorkerSettingsReader.Read"/>, or built in code by a program that embeds a worker.
/// </summary>
public sealed record WorkerSettings
{
    public const string DefaultTaskQueue = TemporalSettings.DefaultTaskQueue;

    public required TemporalSettings Temporal { get; init; }

    /// <summary>The CircleCI API root and token; the token stays in the activities' client.</summary>
    public required CircleCiClientOptions CircleCi { get; init; }

    public LogSettings Log { get; init; } = new();

    /// <summary>Null when no webhook secret is configured: pipelines are then watched by polling only.</summary>
    public WebhookSettings? Webhook { get; init; }

    /// <summary>On SIGTERM, how long running activities may finish before they are cancelled.</summary>
    public TimeSpan GracefulShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Workflows kept in memory between tasks (the SDK's sticky cache). A release of N components
    /// keeps N + 1 workflows open; a smaller cache trades memory for replays when they wake.
    /// </summary>
    public int MaxCachedWorkflows { get; init; } = 10_000;

    /// <summary>Activities run at once (the SDK's default, 100); fewer caps memory in a burst.</summary>
    public int MaxConcurrentActivities { get; init; } = 100;

    /// <summary>Workflow tasks run at once (the SDK's default, 100).</summary>
    public int MaxConcurrentWorkflowTasks { get; init; } = 100;

    /// <summary>
    /// Where whole stage reports too large for workflow history are kept (<c>RELEASE_REPORTS_DIR</c>),
    /// and above how many bytes of JSON a report is kept there (<c>RELEASE_REPORT_INLINE_LIMIT</c>).
    /// </summary>
    public ReportStore Reports { get; init; } = ReportStore.FromEnvironment();

    /// <summary>Where collected CircleCI history goes (<c>RELEASE_ANALYTICS_STORE</c>): a SQLite file by default, or PostgreSQL.</summary>
    public StoreLocation AnalyticsStore { get; init; } = StoreLocation.Parse(StoreLocation.DefaultPath);

    /// <summary>CircleCI calls a collection makes at once on this worker (<c>RELEASE_COLLECT_CALLS_IN_FLIGHT</c>).</summary>
    public int CollectionCallsInFlight { get; init; } = CollectionCallLimit.Default;


    /// <summary>Where release events are published: a RabbitMQ exchange, or an NDJSON file.</summary>
    public EventSettings Events { get; init; } = new();

    /// <summary>How long the worker keeps trying to reach Temporal at start before it gives up (exit 1).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
