namespace Release.Workflows.Manifest;

/// <summary>
/// Checks that components and stages describe the same set: every stage entry is a component, and
/// every component is built in exactly one stage. A component left out would never be released;
/// one in two stages would be released twice, and the second release would fail.
/// </summary>
internal static class StageChecks
{
    public static void Run(
        IReadOnlyList<(ManifestComponent Component, string Path)>? components,
        IReadOnlyList<IReadOnlyList<StageEntry>>? stages,
        ManifestErrors errors)
    {
        var entries = stages?.SelectMany(stage => stage).ToList() ?? [];
        var known = components?.Select(c => c.Component.Name).ToHashSet(StringComparer.Ordinal);

        // Without a usable components array every entry would look unknown: that is one problem,
        // already reported, not dozens.
        if (known is not null)
        {
            foreach (var unknown in entries.Where(e => !known.Contains(e.Name)))
            {
                errors.Add(unknown.Path, $"{StagesReader.Describe(unknown.Stage)} names \"{unknown.Name}\", which is not a component; add it to components or remove it");
            }
        }

        foreach (var repeated in entries.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var where = string.Join(" and ", repeated.Select(e => StagesReader.Describe(e.Stage)));
            errors.Add(repeated.ElementAt(1).Path, $"\"{repeated.Key}\" is in {where}; keep it only in the first stage after its dependencies");
        }

        if (stages is null || components is null)
        {
            return;
        }

        var staged = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (component, path) in components.Where(c => !staged.Contains(c.Component.Name)))
        {
            errors.Add(path, $"{path} (\"{component.Name}\") is in no stage of buildDependencies; add it to the first stage after its dependencies, or remove it from components");
        }
    }
}
