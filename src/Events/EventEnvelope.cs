using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Release.Workflows.Release.Events;

namespace Release.Events;

/// <summary>The CloudEvents attributes every event of either vocabulary carries, set in one place.</summary>
internal static class EventEnvelope
{
    public const string JsonContentType = "application/json";

    public static CloudEvent Create(
        ReleaseTransition transition, Uri source, string type, string id, string? subject, JsonObject data) =>
        new(CloudEventsSpecVersion.V1_0)
        {
            Id = id,
            Source = source,
            Type = type,
            // The transition's own time, never the publishing time: a republished event is the same event.
            // To the millisecond, as every time in event data is written.
            Time = Milliseconds(transition.At),
            Subject = subject,
            DataContentType = JsonContentType,
            Data = data,
        };

    public static DateTimeOffset Milliseconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>ISO 8601 in UTC, the one spelling of a time in event data.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
