using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>Reads the <c>components</c> array: names, resolved versions and CircleCI overrides.</summary>
internal static class ComponentsReader
{
    /// <summary>GitHub's longest repository name; it also bounds the component workflow ids.</summary>
    public const int MaxNameLength = 100;

    private const string Path = "components";

    /// <summary>
    /// The components that could be read, with their paths for later messages; null when the array
    /// itself is unusable, so that callers do not report every stage entry as unknown.
    /// </summary>
    public static IReadOnlyList<ReadComponent>? Read(
        JsonElement root, string releaseVersion, ManifestErrors errors)
    {
        if (!root.TryGetProperty(Path, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Path, """the release has no "components"; add them, e.g. "components": [{"name": "gravitee-gateway", "version": "3.1.0-SNAPSHOT"}]""");
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(Path, $"\"components\" must be an array of {{\"name\", \"version\"}} objects, found {JsonFields.Describe(array.ValueKind)}; make it a list");
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            errors.Add(Path, "\"components\" is empty; a release needs at least one component");
            return null;
        }

        var components = new List<ReadComponent>();
        var firstPathByName = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPaths.Index(Path, index++);
            if (ReadOne(item, path, releaseVersion, errors) is not { } component)
            {
                continue;
            }

            if (!firstPathByName.TryAdd(component.Component.Name, path))
            {
                errors.Add(path, $"{path} repeats the name \"{component.Component.Name}\" of {firstPathByName[component.Component.Name]}; remove one of them");
                continue;
            }

            components.Add(component);
        }

        return components;
    }

    private static ReadComponent? ReadOne(JsonElement item, string path, string releaseVersion, ManifestErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"{path} must be an object like {{\"name\": \"gravitee-gateway\", \"version\": \"3.1.0\"}}, found {JsonFields.Describe(item.ValueKind)}");
            return null;
        }

        var namePath = JsonPaths.Property(path, "name");
        var name = JsonFields.RequiredString(item, namePath, namePath, "give the component its repository name, e.g. \"name\": \"gravitee-gateway\"", errors);
        if (name is not null && !IsRepositoryName(name))
        {
            errors.Add(namePath, $"{path} name \"{name}\" is not a repository name; use only letters, digits, '.', '-' and '_'");
            name = null;
        }
        else if (name is not null && name.Length > MaxNameLength)
        {
            errors.Add(namePath, $"{path} name \"{name[..20]}...\" has {name.Length} characters; a repository name has at most {MaxNameLength}");
            name = null;
        }

        var label = name is null ? path : $"{path} (\"{name}\")";
        var versionPath = JsonPaths.Property(path, "version");
        var version = JsonFields.OptionalString(
            item,
            versionPath,
            $"{label} version",
            "set a version such as \"3.1.0-SNAPSHOT\", or remove \"version\" to use the release version",
            errors);
        if (version is not null && SnapshotVersions.LooksLikeSnapshot(version))
        {
            errors.Warn(versionPath, SnapshotVersions.LookAlikeWarning($"{label} version", version, "it will not be released"));
        }

        var overrides = CircleCiOverridesReader.Read(item, JsonPaths.Property(path, "circleci"), label, errors);
        var dependsOn = DependsOnReader.Read(item, path, label, name, errors);
        return name is null
            ? null
            : new ReadComponent(
                new ManifestComponent(name, version ?? releaseVersion, overrides, dependsOn.Count == 0 ? null : [.. dependsOn.Select(d => d.Name)]),
                path,
                InheritsVersion: version is null,
                dependsOn);
    }

    // The name becomes the last segment of a CircleCI slug and a repository URL, where GitHub and
    // Bitbucket allow only these characters.
    private static bool IsRepositoryName(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}

/// <summary>A component as read, with where it was and whether it took the release version.</summary>
/// <param name="DependsOn">Its <c>dependsOn</c> entries of the right shape, with their paths.</param>
internal sealed record ReadComponent(ManifestComponent Component, string Path, bool InheritsVersion, IReadOnlyList<DependencyEntry> DependsOn);
