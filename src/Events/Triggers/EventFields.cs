using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;

namespace Release.Events.Triggers;

/// <summary>
/// The values filters and substitutions read from one event: its data's fields by dotted path,
/// and a few CloudEvent attributes. A field is a value only when it is a string, number or boolean.
/// </summary>
internal sealed class EventFields(CloudEvent cloudEvent)
{
    private readonly JsonElement? data = Data(cloudEvent.Data);

    public CloudEvent Event => cloudEvent;

    /// <summary>The text of a data field, or null when the event has none there (or an object, array or null).</summary>
    public string? DataField(IReadOnlyList<string> path)
    {
        if (data is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number => current.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public string? Attribute(string name) => name switch
    {
        "id" => cloudEvent.Id,
        "subject" => cloudEvent.Subject,
        "type" => cloudEvent.Type,
        "source" => cloudEvent.Source?.ToString(),
        "time" => cloudEvent.Time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => null,
    };

    // Decoded from the wire, data is a JsonElement; built in process (the mappers), a JsonNode.
    private static JsonElement? Data(object? value) => value switch
    {
        JsonElement element => element,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        string text => TryParse(text),
        _ => null,
    };

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
