using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.Logging;
using Release.Releases.Connection;
using Release.Worker.Hosting;
using Release.Worker.Settings;
using Release.Workflows.Collection;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Temporalio.Extensions.Hosting;
using Temporalio.Worker;

namespace Release.Worker;

/// <summary>
/// Ways to run the release workflows and activities: a whole worker host from configuration
/// (<see cref="AddReleaseWorker(IHostApplicationBuilder)"/>), a worker with explicit settings on
/// an existing host, or just the registrations on a TemporalWorkerOptions.
/// </summary>
public static class WorkerRegistration
{
    // Beyond the worker's own grace: time for logging to flush once the worker has stopped.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The worker process: reads <see cref="WorkerSettings"/> from configuration (appsettings.json,
    /// <c>Section__Key</c> variables and Temporal's own TEMPORAL_* names), sets up logging and
    /// registers the worker. Throws <see cref="Release.Logging.Configuration.SettingException"/>
    /// (a one-line message) for a missing or invalid setting.
    /// </summary>
    public static IHostApplicationBuilder AddReleaseWorker(this IHostApplicationBuilder builder) =>
        builder.AddReleaseWorker(environment: null);

    /// <summary>As <see cref="AddReleaseWorker(IHostApplicationBuilder)"/>, with the environment given (tests).</summary>
    internal static IHostApplicationBuilder AddReleaseWorker(this IHostApplicationBuilder builder, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        WorkerEnvironment.Aliases.AddTo(builder.Configuration, environment);
        builder.Configuration.AddGrpcMetadata(environment ?? TemporalEnvironment.ProcessVariables());
        var settings = WorkerSettingsReader.Read(builder.Configuration);
        builder.AddReleaseLogging(settings.Log);
        builder.AddReleaseWorker(settings);
        return builder;
    }

    /// <summary>
    /// Adds a worker with explicit settings to an existing host (logging is left as the host has
    /// it). The host's shutdown timeout is raised to let running activities finish. Returns the
    /// options builder, to add more workflows or activities.
    /// </summary>
    public static ITemporalWorkerServiceOptionsBuilder AddReleaseWorker(this IHostApplicationBuilder builder, WorkerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.Configure<HostOptions>(host =>
        {
            var needed = settings.GracefulShutdownTimeout + ShutdownMargin;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<WorkerExit>();
        builder.Services.AddSingleton(settings.CircleCi);
        builder.Services.AddSingleton(settings.Reports);
        builder.Services.AddSingleton<ICollectionStore>(new AnalyticsCollectionStore(settings.AnalyticsStore));
        builder.Services.AddSingleton(new ExpectedDurationSource(settings.AnalyticsStore));
        builder.Services.AddSingleton(new CollectionCallLimit(settings.CollectionCallsInFlight));
        builder.Services.AddSingleton(settings.Events.CreateSink());
        builder.Services.AddSingleton(settings.Events.Options(settings.Temporal.Namespace, settings.Temporal.TaskQueue));
        builder.Services.AddSingleton(sp => new WebhookMode(settings.Webhook is not null, settings.Webhook?.FallbackAfter, logger: sp.GetRequiredService<ILogger<WebhookMode>>()));
        builder.Services.AddSingleton(sp => new CircleCiClient(new HttpClient(), sp.GetRequiredService<CircleCiClientOptions>()));
        builder.Services.AddHostedService<ReleaseWorkerService>();
        return new TemporalWorkerServiceOptionsBuilder(settings.Temporal.TaskQueue, builder.Services)
            .ConfigureOptions(options => options.TaskQueue = settings.Temporal.TaskQueue)
            .AddReleaseWorkflows();
    }

    /// <summary>
    /// Registers the release workflows and activities (activities scoped, from the container) on
    /// any Temporalio.Extensions.Hosting worker, e.g. one from <c>AddHostedTemporalWorker</c>. The
    /// container must hold a <see cref="CircleCiClient"/>.
    /// </summary>
    public static ITemporalWorkerServiceOptionsBuilder AddReleaseWorkflows(this ITemporalWorkerServiceOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddWorkflow<CollectWorkflow>()
            .AddWorkflow<CollectProjectWorkflow>()
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddScopedActivities<CircleCiActivities>()
            .AddScopedActivities<ReportActivities>()
            .AddScopedActivities<PredictionActivities>()
            .AddScopedActivities<ReleaseEventActivities>()
            .AddScopedActivities<CollectionActivities>();
    }

    /// <summary>
    /// Registers the release workflows and activities on plain worker options, without a
    /// container: for a program that creates its own <c>TemporalWorker</c> on a connected client.
    /// </summary>
    /// <param name="reports">Where large stage reports are kept; null: every report travels whole through history.</param>
    /// <param name="collection">Where collected CircleCI history goes; null: the collection workflows are not registered.</param>
    /// <param name="predictions">Where expected pipeline durations are read; null: releases run without predictions.</param>
    /// <param name="events">Where release events are published; null: <see cref="EventSettings.DefaultFile"/>.</param>
    /// <param name="namespace">The namespace the worker's client is on, for the events' release links and source.</param>
    public static TemporalWorkerOptions AddReleaseWorkflows(
        this TemporalWorkerOptions options,
        CircleCiClient circleCi,
        ILoggerFactory loggerFactory,
        ReportStore? reports = null,
        ICollectionStore? collection = null,
        ExpectedDurationSource? predictions = null,
        EventSettings? events = null,
        string @namespace = TemporalSettings.DefaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddAllActivities(new CircleCiActivities(circleCi, loggerFactory.CreateLogger<CircleCiActivities>(), reports: reports))
            .AddAllActivities(new ReportActivities(loggerFactory.CreateLogger<ReportActivities>(), reports))
            .AddAllActivities(new PredictionActivities(loggerFactory.CreateLogger<PredictionActivities>(), predictions))
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddAllActivities((events ?? new EventSettings()).CreateActivities(@namespace, options.TaskQueue!, loggerFactory));
        if (collection is not null)
        {
            options
                .AddWorkflow<CollectWorkflow>()
                .AddWorkflow<CollectProjectWorkflow>()
                .AddAllActivities(new CollectionActivities(circleCi, collection, loggerFactory.CreateLogger<CollectionActivities>()));
        }

        return options;
    }
}
