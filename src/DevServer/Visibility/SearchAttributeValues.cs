using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Visibility;

/// <summary>
/// Converts search attribute payloads (JSON, as SDKs encode them) to typed values: string, long,
/// double, bool, DateTimeOffset, or a list of strings for KeywordList.
/// </summary>
internal static class SearchAttributeValues
{
    /// <summary>The typed value, null for an empty or JSON-null payload; throws FormatException when it does not fit the type.</summary>
    public static object? Decode(Payload payload, IndexedValueType type)
    {
        if (payload.Data.IsEmpty)
        {
            return null;
        }
        using var json = JsonDocument.Parse(payload.Data.Memory);
        var element = json.RootElement;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return type switch
        {
            IndexedValueType.Keyword or IndexedValueType.Text when element.ValueKind == JsonValueKind.String => element.GetString()!,
            IndexedValueType.KeywordList when element.ValueKind == JsonValueKind.String => new List<string> { element.GetString()! },
            IndexedValueType.KeywordList when element.ValueKind == JsonValueKind.Array => element.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException("not a list of strings"))
                .ToList(),
            IndexedValueType.Int when element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var l) => l,
            IndexedValueType.Double when element.ValueKind == JsonValueKind.Number => element.GetDouble(),
            IndexedValueType.Bool when element.ValueKind is JsonValueKind.True or JsonValueKind.False => element.GetBoolean(),
            IndexedValueType.Datetime when element.ValueKind == JsonValueKind.String && TryParseDatetime(element.GetString()!, out var d) => d,
            _ => throw new FormatException($"{element.GetRawText()} is not a {SearchAttributeCatalog.MetadataName(type)}"),
        };
    }

    /// <summary>RFC 3339 (the SDKs' and the real server's datetime format); always read as UTC.</summary>
    public static bool TryParseDatetime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
        && text.Contains('T', StringComparison.OrdinalIgnoreCase);

    /// <summary>A copy of the payload labelled with its type, which SDKs need to decode it.</summary>
    public static Payload WithType(Payload payload, IndexedValueType type)
    {
        var copy = payload.Clone();
        copy.Metadata["type"] = ByteString.CopyFromUtf8(SearchAttributeCatalog.MetadataName(type));
        if (!copy.Metadata.ContainsKey("encoding"))
        {
            copy.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
        }
        return copy;
    }

    /// <summary>A Keyword payload, as the server encodes group-by values.</summary>
    public static Payload Keyword(string value) => WithType(
        new Payload { Data = ByteString.CopyFromUtf8(JsonSerializer.Serialize(value)) }, IndexedValueType.Keyword);
}
