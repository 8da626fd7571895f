using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.CircleCiSimulator;

/// <summary>Writes instants the way CircleCI does: UTC, milliseconds, "Z" (2020-09-12T17:47:21.364Z).</summary>
internal sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
