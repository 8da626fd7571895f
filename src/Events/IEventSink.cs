using CloudNative.CloudEvents;

namespace Release.Events;

/// <summary>Where published events go: a broker, or a file when there is none.</summary>
public interface IEventSink
{
    /// <summary>Returns once every event was taken (confirmed by the broker, written to the file); throws otherwise.</summary>
    /// <param name="product">The release's product, for routing.</param>
    Task PublishAsync(string product, IEnumerable<CloudEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Where events go, for logs and the worker's start line; never a password.</summary>
    string Describe();
}
