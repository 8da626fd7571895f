using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>Typed reads of manifest fields that record, rather than throw, what is wrong.</summary>
internal static class JsonFields
{
    /// <summary>
    /// A non-blank string, or null after recording why not. <paramref name="label"/> names the field
    /// in messages; <paramref name="hint"/> says what to do.
    /// </summary>
    public static string? RequiredString(
        JsonElement parent, string path, string label, string hint, ManifestErrors errors)
    {
        if (!parent.TryGetProperty(JsonPaths.Leaf(path), out var value))
        {
            errors.Add(path, $"{label} is missing; {hint}");
            return null;
        }

        return NonBlankString(value, path, label, hint, errors);
    }

    /// <summary>
    /// Like <see cref="RequiredString"/> for a field that may be left out: absence is not an error,
    /// but a present value must be a non-blank string. An explicit null is an error rather than
    /// an absence (it is usually a template's placeholder that nobody filled in), except where
    /// <paramref name="nullMeansDefault"/> documents null as "use the default".
    /// </summary>
    public static string? OptionalString(
        JsonElement parent, string path, string label, string hint, ManifestErrors errors, bool nullMeansDefault = false) =>
        parent.TryGetProperty(JsonPaths.Leaf(path), out var value) && !(nullMeansDefault && value.ValueKind == JsonValueKind.Null)
            ? NonBlankString(value, path, label, hint, errors)
            : null;

    /// <summary>A string field kept only for information: any other shape is ignored.</summary>
    public static string? InformationalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>"an object", "a number"... for messages that say what was found instead.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string? NonBlankString(
        JsonElement value, string path, string label, string hint, ManifestErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"{label} must be a string, found {Describe(value.ValueKind)}; {hint}");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, $"{label} is empty; {hint}");
            return null;
        }

        return text;
    }
}
