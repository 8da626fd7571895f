using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// Reads one component's <c>dependsOn</c>: the shape, self-dependencies and repeats. Names are
/// checked against the other components later, once all of them are known.
/// </summary>
internal static class DependsOnReader
{
    public const string Property = "dependsOn";

    private const string Hint = "list component names, e.g. \"dependsOn\": [\"gravitee-common\"]";

    public static IReadOnlyList<DependencyEntry> Read(JsonElement component, string componentPath, string label, string? name, ManifestErrors errors)
    {
        var path = JsonPaths.Property(componentPath, Property);
        if (!component.TryGetProperty(Property, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"{label} dependsOn must be an array of component names, found {JsonFields.Describe(array.ValueKind)}; {Hint}");
            return [];
        }

        var entries = new List<DependencyEntry>();
        var firstIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = JsonPaths.Index(path, index);
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                var found = item.ValueKind == JsonValueKind.String ? "an empty string" : JsonFields.Describe(item.ValueKind);
                errors.Add(itemPath, $"{label} dependsOn[{index}] must be a component name, found {found}; {Hint}");
            }
            else if (item.GetString() is var dependency && dependency == name)
            {
                errors.Add(itemPath, $"{label} depends on itself in dependsOn[{index}]; remove \"{dependency}\" from its dependsOn");
            }
            else if (!firstIndexByName.TryAdd(dependency!, index))
            {
                errors.Add(itemPath, $"{label} dependsOn[{index}] repeats \"{dependency}\" of dependsOn[{firstIndexByName[dependency!]}]; remove one of them");
            }
            else
            {
                entries.Add(new DependencyEntry(dependency!, itemPath));
            }

            index++;
        }

        return entries;
    }
}

/// <summary>One name in a <c>dependsOn</c>, with its path for later messages.</summary>
internal sealed record DependencyEntry(string Name, string Path);
