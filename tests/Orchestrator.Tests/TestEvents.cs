using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.Events;
using Release.Events;

namespace Orchestrator.Tests;

/// <summary>Release events for a test's worker: to an NDJSON file of its own, or to the given sink.</summary>
public static class TestEvents
{
    public static readonly Uri Source = new("https://release.example.com/orchestrator");

    public static string NewFile() => Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.ndjson");

    public static ReleaseEventActivities Activities(string file) => Activities(new NdjsonEventSink(file));

    public static ReleaseEventActivities Activities(IEventSink sink) =>
        new(sink, new ReleaseEventOptions(Source, EventSettings.DefaultUiUrl, "default"), NullLogger<ReleaseEventActivities>.Instance);
}
