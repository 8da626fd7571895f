using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Orchestrator.Tests;

/// <summary>Published events as a consumer reads them (structured-mode JSON), with the checks every one must pass.</summary>
public sealed class PublishedEvents
{
    private static readonly JsonEventFormatter Formatter = new();

    public PublishedEvents(IEnumerable<CloudEvent> events) =>
        All = events.Select(e =>
        {
            using var document = JsonDocument.Parse(Formatter.EncodeStructuredModeMessage(e, out _));
            return document.RootElement.Clone();
        }).ToList();

    public IReadOnlyList<JsonElement> All { get; }

    public IEnumerable<JsonElement> OfType(string type) => All.Where(e => e.GetProperty("type").GetString() == type);

    public IReadOnlyList<string> Types => All.Select(e => e.GetProperty("type").GetString()!).ToList();

    /// <summary>
    /// CloudEvents 1.0 attributes; a CDEvent repeats them in its context; a seed-004 event carries
    /// eventId (the id), eventTime and buildUrl.
    /// </summary>
    public void AssertEachValid()
    {
        foreach (var e in All)
        {
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            var id = e.GetProperty("id").GetString();
            Assert.True(Guid.TryParse(id, out _), $"id {id} is not a UUID");
            Assert.Equal(TestEvents.Source.ToString(), e.GetProperty("source").GetString());
            Assert.Equal("application/json", e.GetProperty("datacontenttype").GetString());
            var data = e.GetProperty("data");
            var type = e.GetProperty("type").GetString()!;
            if (type.StartsWith("dev.cdevents", StringComparison.Ordinal))
            {
                var context = data.GetProperty("context");
                Assert.Equal(("0.4.1", id, type), (context.GetProperty("version").GetString(), context.GetProperty("id").GetString(), context.GetProperty("type").GetString()));
                Assert.Equal(e.GetProperty("subject").GetString(), data.GetProperty("subject").GetProperty("id").GetString());
            }
            else
            {
                Assert.StartsWith("io.openci.", type, StringComparison.Ordinal);
                Assert.Equal(id, data.GetProperty("eventId").GetString());
                // The same instant: the CloudEvents formatter leaves out a zero fraction (…:34Z), seed 004 always writes milliseconds (…:34.000Z).
                Assert.Equal(e.GetProperty("time").GetDateTimeOffset(), data.GetProperty("eventTime").GetDateTimeOffset());
                Assert.Matches(@"\.\d{3}Z$", data.GetProperty("eventTime").GetString());
                Assert.True(Uri.TryCreate(data.GetProperty("buildUrl").GetString(), UriKind.Absolute, out _), $"{type} has no buildUrl");
            }
        }
    }

    public static string Content(JsonElement e, string name) =>
        e.GetProperty("data").GetProperty("subject").GetProperty("content").GetProperty(name).GetString()!;

    public static string Data(JsonElement e, string name) => e.GetProperty("data").GetProperty(name).GetString()!;

    public static string Confidence(JsonElement e) =>
        e.GetProperty("data").GetProperty("confidenceLevel").GetProperty("RELEASE").GetString()!;
}
