using Microsoft.Extensions.Logging;
using Release.Events;
using Release.Events.RabbitMq;

namespace Release.Activities.Events;

/// <summary>
/// Where the worker publishes release events: the RabbitMQ exchange when a broker is set
/// (<c>RELEASE_EVENTS_RABBITMQ</c>), else an NDJSON file (<c>RELEASE_EVENTS_FILE</c>).
/// </summary>
public sealed record EventSettings
{
    public const string DefaultUiUrl = "http://localhost:8233";

    /// <summary>amqp:// or amqps:// URL of the broker; null: events go to <see cref="File"/>.</summary>
    public Uri? RabbitMq { get; init; }

    public string Exchange { get; init; } = RabbitMqEventPublisher.DefaultExchange;

    public string File { get; init; } = DefaultFile;

    /// <summary>The CloudEvents source; null: <see cref="ReleaseEventOptions.DefaultSource"/> of the worker's namespace and task queue.</summary>
    public Uri? Source { get; init; }

    /// <summary>The Temporal Web UI base, for each event's link to its release.</summary>
    public string UiUrl { get; init; } = DefaultUiUrl;

    public static string DefaultFile => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "release", "events.ndjson");

    public IEventSink CreateSink() => RabbitMq is { } broker ? new RabbitMqEventPublisher(broker, Exchange) : new NdjsonEventSink(File);

    public ReleaseEventOptions Options(string @namespace, string taskQueue) =>
        new(Source ?? ReleaseEventOptions.DefaultSource(@namespace, taskQueue), UiUrl, @namespace);

    public ReleaseEventActivities CreateActivities(string @namespace, string taskQueue, ILoggerFactory loggers) =>
        new(CreateSink(), Options(@namespace, taskQueue), loggers.CreateLogger<ReleaseEventActivities>());
}
