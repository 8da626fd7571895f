using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release.Activities.CircleCi;

/// <summary>
/// Plain words for what a field should hold and what it held: messages reach release engineers,
/// who should read "a date", never a .NET type name such as System.Nullable`1[System.DateTimeOffset].
/// </summary>
internal static class AnswerWords
{
    private const int MaxShownLength = 80;

    public static string Expected(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) ? "text"
            : plain == typeof(long) || plain == typeof(int) ? "a whole number"
            : plain == typeof(double) || plain == typeof(decimal) ? "a number"
            : plain == typeof(DateTimeOffset) || plain == typeof(DateTime) ? "a date"
            : plain == typeof(bool) ? "true or false"
            : "a value of another kind";
    }

    /// <summary>Short scalars are shown as they came (CircleCI's values are not secrets; the token is redacted later anyway).</summary>
    public static string Found(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => Shorten(value.ToJsonString()),
    };

    public static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxShownLength ? oneLine : oneLine[..MaxShownLength] + "…";
    }
}
