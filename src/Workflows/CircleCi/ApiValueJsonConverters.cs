using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.Workflows.CircleCi;

/// <summary>
/// JSON as the API spells it. Reading is as lenient as parsing: an unexpected string, a number or
/// any other token becomes Unknown rather than failing a whole response or a workflow payload.
/// </summary>
internal abstract class ApiValueJsonConverter<T>(Func<string?, T> parse, Func<T, string> format) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return parse(text);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(format(value));
}

internal sealed class WorkflowStatusJsonConverter()
    : ApiValueJsonConverter<CircleCiWorkflowStatus>(CircleCiValues.ParseWorkflowStatus, CircleCiValues.ToApiValue);

internal sealed class JobStatusJsonConverter()
    : ApiValueJsonConverter<CircleCiJobStatus>(CircleCiValues.ParseJobStatus, CircleCiValues.ToApiValue);

internal sealed class PipelineStateJsonConverter()
    : ApiValueJsonConverter<PipelineState>(CircleCiValues.ParsePipelineState, CircleCiValues.ToApiValue);
