using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release.DevServer.Ui;

/// <summary>
/// Makes an event's protobuf JSON readable: payloads appear base64-encoded on the wire, so every
/// payload whose encoding is JSON gets its metadata and data shown decoded. Other payloads stay as they are.
/// </summary>
internal static class EventJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Readable(string protobufJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(protobufJson);
        }
        catch (JsonException)
        {
            return protobufJson;
        }
        DecodePayloads(root);
        return root?.ToJsonString(Indented) ?? protobufJson;
    }

    private static void DecodePayloads(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                TryDecode(obj);
                foreach (var (_, child) in obj.ToList())
                {
                    DecodePayloads(child);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DecodePayloads(item);
                }
                break;
            default:
                break;
        }
    }

    // A payload is {"metadata": {name: base64}, "data": base64}.
    private static void TryDecode(JsonObject payload)
    {
        if (payload["metadata"] is not JsonObject metadata || metadata["encoding"]?.GetValueKind() != JsonValueKind.String)
        {
            return;
        }
        var decoded = new JsonObject();
        foreach (var (name, value) in metadata)
        {
            if (value?.GetValueKind() != JsonValueKind.String || Utf8(value.GetValue<string>()) is not { } text)
            {
                return;
            }
            decoded[name] = text;
        }
        var encoding = decoded["encoding"]!.GetValue<string>();
        payload["metadata"] = decoded;
        if (encoding is "json/plain" or "json/protobuf" && payload["data"]?.GetValueKind() == JsonValueKind.String
            && Utf8(payload["data"]!.GetValue<string>()) is { } json)
        {
            try
            {
                payload["data"] = JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                // Not JSON after all: leave the data base64 as sent.
            }
        }
    }

    private static string? Utf8(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
