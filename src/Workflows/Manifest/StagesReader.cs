using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>One name listed in <c>buildDependencies</c>, with where it was found.</summary>
/// <param name="Stage">0-based, as in the path; messages add 1 to speak of stage numbers.</param>
internal sealed record StageEntry(string Name, int Stage, string Path);

/// <summary>Reads <c>buildDependencies</c>: the parallel execution sets, in release order.</summary>
internal static class StagesReader
{
    private const string Path = "buildDependencies";

    /// <summary>The entries of each stage, in order; null when the array itself is unusable.</summary>
    public static IReadOnlyList<IReadOnlyList<StageEntry>>? Read(JsonElement root, ManifestErrors errors)
    {
        if (!root.TryGetProperty(Path, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Path, """the release has no "buildDependencies"; list its stages in build order, e.g. "buildDependencies": [["gravitee-common"], ["gravitee-gateway"]]""");
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(Path, $"\"buildDependencies\" must be an array of stages (arrays of component names), found {JsonFields.Describe(array.ValueKind)}");
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            errors.Add(Path, "\"buildDependencies\" is empty; list at least one stage of component names");
            return null;
        }

        var stages = new List<IReadOnlyList<StageEntry>>();
        foreach (var stage in array.EnumerateArray())
        {
            stages.Add(ReadStage(stage, stages.Count, errors));
        }

        return stages;
    }

    /// <summary>How messages name a stage: its path, and its number for people counting from 1.</summary>
    public static string Describe(int stage) => $"{JsonPaths.Index(Path, stage)} (stage {stage + 1})";

    private static List<StageEntry> ReadStage(JsonElement stage, int index, ManifestErrors errors)
    {
        var path = JsonPaths.Index(Path, index);
        var entries = new List<StageEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (stage.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"{Describe(index)} must be an array of component names, found {JsonFields.Describe(stage.ValueKind)}");
            return entries;
        }

        if (stage.GetArrayLength() == 0)
        {
            errors.Add(path, $"{Describe(index)} is empty; remove it or list the components built at that point");
            return entries;
        }

        var position = 0;
        foreach (var item in stage.EnumerateArray())
        {
            var itemPath = JsonPaths.Index(path, position++);
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add(itemPath, $"{Describe(index)} has {(item.ValueKind == JsonValueKind.String ? "an empty name" : JsonFields.Describe(item.ValueKind))} at {itemPath}; list component names as strings");
                continue;
            }

            var name = item.GetString()!;
            if (!names.Add(name))
            {
                errors.Add(itemPath, $"{Describe(index)} lists \"{name}\" twice; remove the repeat");
                continue;
            }

            entries.Add(new StageEntry(name, index, itemPath));
        }

        return entries;
    }
}
