using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Release.Activities.CircleCi;

/// <summary>
/// Serializer settings for the wire. CircleCI speaks snake_case and keeps adding fields and enum
/// values, so models keep statuses as strings and unknown members are skipped, never rejected.
/// </summary>
internal static class CircleCiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Pipeline parameter names belong to the user's config: send them exactly as given.
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        // Set up front: AnswerShape reads the models' metadata before anything is deserialized.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
