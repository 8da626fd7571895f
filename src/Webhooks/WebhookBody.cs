using System.Text.Json;

namespace Release.Webhooks;

/// <summary>A webhook body as JSON, with plain-words reasons for what is not a JSON object.</summary>
internal static class WebhookBody
{
    /// <returns>The document (dispose it), or null with the reason.</returns>
    public static JsonDocument? TryRead(ReadOnlySpan<byte> body, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            // The library's own message advises on reader options; say only where it broke.
            problem = $"the body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})";
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problem = $"the body is JSON but not an object (found {Describe(document.RootElement.ValueKind)}); a CircleCI webhook is an object";
            document.Dispose();
            return null;
        }

        problem = null;
        return document;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
