using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Release.Activities.CircleCi;

/// <summary>
/// Fits an answer to the model it will be read into, before it is deserialized. The rules follow
/// the models' own serialization metadata, so they cannot drift from the records:
/// null and "" (and blank text where no text is expected) are absent, silently, since CircleCI
/// sends both for "no value"; an optional field of the wrong kind is dropped and reported; a list
/// item that cannot be read is dropped from its list and reported, so one bad item never fails
/// its page; a required field (<c>[JsonRequired]</c>) absent or unreadable makes its whole object
/// unreadable.
/// </summary>
internal sealed class AnswerShape(JsonSerializerOptions options)
{
    /// <summary>Fits <paramref name="value"/> in place; lesser problems go to <paramref name="issues"/>.</summary>
    /// <returns>Why the value cannot be read at all, or null when it can.</returns>
    public AnswerIssue? Fit(JsonNode value, Type type, string path, List<AnswerIssue> issues)
    {
        if (type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return null;
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => value is JsonObject o ? FitObject(o, info, path, issues) : WrongKind(path, "an object", value),
            JsonTypeInfoKind.Enumerable => value is JsonArray a ? FitList(a, info.ElementType!, path, issues) : WrongKind(path, "a list", value),
            JsonTypeInfoKind.Dictionary => value is JsonObject d ? FitDictionary(d, info.ElementType!, path, issues) : WrongKind(path, "an object", value),
            _ => FitScalar(value, type, path),
        };
    }

    private AnswerIssue? FitObject(JsonObject obj, JsonTypeInfo info, string path, List<AnswerIssue> issues)
    {
        foreach (var property in info.Properties)
        {
            var field = Join(path, property.Name);
            var key = KeyOf(obj, property.Name);
            var value = key is null ? null : obj[key];
            if (IsAbsent(value, property.PropertyType))
            {
                if (property.IsRequired)
                {
                    return new AnswerIssue(field, key is null ? "is missing" : value is null ? "is null" : "is empty");
                }

                if (key is not null)
                {
                    obj.Remove(key);
                }

                continue;
            }

            if (Fit(value!, property.PropertyType, field, issues) is not { } problem)
            {
                continue;
            }

            if (property.IsRequired)
            {
                return problem;
            }

            obj.Remove(key!);
            issues.Add(problem.Field == field ? problem with { Problem = $"{problem.Problem}; read as absent" }
                : problem with { Problem = $"{problem.Problem}; {field} read as absent" });
        }

        return null;
    }

    private AnswerIssue? FitList(JsonArray list, Type elementType, string path, List<AnswerIssue> issues)
    {
        var dropped = new List<int>();
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            if (IsAbsent(item, elementType))
            {
                dropped.Add(i);
            }
            else if (Fit(item!, elementType, $"{path}[{i}]", issues) is { } problem)
            {
                dropped.Add(i);
                issues.Add(new AnswerIssue($"{path}[{i}]", $"skipped: {problem}"));
            }
        }

        for (var i = dropped.Count - 1; i >= 0; i--)
        {
            list.RemoveAt(dropped[i]);
        }

        return null;
    }

    private AnswerIssue? FitDictionary(JsonObject map, Type valueType, string path, List<AnswerIssue> issues)
    {
        if (valueType == typeof(JsonElement) || valueType == typeof(JsonNode))
        {
            return null;
        }

        foreach (var (key, value) in map.ToList())
        {
            var field = Join(path, key);
            if (IsAbsent(value, valueType))
            {
                map.Remove(key);
            }
            else if (Fit(value!, valueType, field, issues) is { } problem)
            {
                map.Remove(key);
                issues.Add(problem with { Problem = $"{problem.Problem}; read as absent" });
            }
        }

        return null;
    }

    // Asks the serializer itself, so what passes here is exactly what it will accept afterwards;
    // the common kinds are first checked directly, which is several times faster.
    private AnswerIssue? FitScalar(JsonNode value, Type type, string path)
    {
        if (IsPlainlyReadable(value, Nullable.GetUnderlyingType(type) ?? type))
        {
            return null;
        }

        try
        {
            value.Deserialize(type, options);
            return null;
        }
        catch (JsonException)
        {
            return WrongKind(path, AnswerWords.Expected(type), value);
        }
    }

    // The same readers the serializer uses (JsonElement's), without a serializer round trip.
    private static bool IsPlainlyReadable(JsonNode value, Type type) => value is JsonValue scalar && (
        type == typeof(string) ? scalar.GetValueKind() == JsonValueKind.String
        : type == typeof(long) ? scalar.TryGetValue<long>(out _)
        : type == typeof(DateTimeOffset) && scalar.TryGetValue<DateTimeOffset>(out _));

    private static AnswerIssue WrongKind(string path, string expected, JsonNode value) =>
        new(path, $"should be {expected}, found {AnswerWords.Found(value)}");

    private static bool IsAbsent(JsonNode? value, Type type)
    {
        if (value is null)
        {
            return true;
        }

        if (value is not JsonValue scalar || !scalar.TryGetValue<string>(out var text))
        {
            return false;
        }

        // Blank text is still text where text is expected; anywhere else it can only mean "none".
        return text.Length == 0 || (text.Trim().Length == 0 && (Nullable.GetUnderlyingType(type) ?? type) != typeof(string));
    }

    // The serializer matches names ignoring case (the web defaults); so does this.
    private static string? KeyOf(JsonObject obj, string name) =>
        obj.ContainsKey(name) ? name : obj.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
