using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>Reads a component's optional <c>"circleci"</c> object.</summary>
internal static class CircleCiOverridesReader
{
    private static readonly string[] KnownFields = ["projectSlug", "branch", "parameters"];

    /// <summary>
    /// Unlike the rest of the manifest, unknown fields here are errors: this object is ours alone,
    /// so an unknown field is a typo that would silently trigger the wrong project or branch.
    /// </summary>
    public static CircleCiOverrides? Read(JsonElement component, string path, string label, ManifestErrors errors)
    {
        if (!component.TryGetProperty("circleci", out var circleci) || circleci.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (circleci.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"{label} \"circleci\" must be an object like {{\"projectSlug\": \"gh/org/repo\", \"branch\": \"main\"}}, found {JsonFields.Describe(circleci.ValueKind)}");
            return null;
        }

        foreach (var field in circleci.EnumerateObject().Where(f => !KnownFields.Contains(f.Name, StringComparer.Ordinal)))
        {
            errors.Add(JsonPaths.Property(path, field.Name), $"{label} \"circleci\" has an unknown field \"{field.Name}\"; use projectSlug, branch or parameters");
        }

        var slugPath = JsonPaths.Property(path, "projectSlug");
        var slug = JsonFields.OptionalString(circleci, slugPath, $"{label} projectSlug", "write it as \"<vcs>/<org>/<repo>\", e.g. \"gh/gravitee-io/gravitee-gateway\"", errors, nullMeansDefault: true);
        if (slug is not null && !IsProjectSlug(slug))
        {
            errors.Add(slugPath, $"{label} projectSlug \"{slug}\" is not a CircleCI project slug; write it as \"<vcs>/<org>/<repo>\", e.g. \"gh/gravitee-io/gravitee-gateway\"");
        }

        var branch = JsonFields.OptionalString(circleci, JsonPaths.Property(path, "branch"), $"{label} branch", "name a branch such as \"3.1.x\", or remove it to use the start command's branch", errors, nullMeansDefault: true);
        var parameters = ReadParameters(circleci, JsonPaths.Property(path, "parameters"), label, errors);
        return new CircleCiOverrides(slug, branch, parameters);
    }

    private static Dictionary<string, JsonElement>? ReadParameters(
        JsonElement circleci, string path, string label, ManifestErrors errors)
    {
        if (!circleci.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"{label} parameters must be an object of name/value pairs, found {JsonFields.Describe(parameters.ValueKind)}");
            return null;
        }

        var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var parameter in parameters.EnumerateObject())
        {
            if (parameter.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                errors.Add(JsonPaths.Property(path, parameter.Name), $"{label} parameter \"{parameter.Name}\" is {JsonFields.Describe(parameter.Value.ValueKind)}; CircleCI pipeline parameters are strings, integers or booleans");
                continue;
            }

            // Cloned so that the value outlives the parsed document.
            read[parameter.Name] = parameter.Value.Clone();
        }

        return read;
    }

    private static bool IsProjectSlug(string slug)
    {
        var parts = slug.Split('/');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && !p.Any(char.IsWhiteSpace));
    }
}
