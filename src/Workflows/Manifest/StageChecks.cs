namespace Release.Workflows.Manifest;

/// <summary>
/// Checks components against stages. <c>components</c> is the product's bill of materials: it may
/// list components that no stage builds because they are not released this time, but a snapshot
/// in no stage would never be released, so that is an error. A stage entry that is not a
/// component (an item kept in the build order after it left the product) is left out of the plan
/// with a warning. A component in two stages would be released twice, and the second would fail.
/// </summary>
internal static class StageChecks
{
    /// <returns>The names of stage entries that are not components, to leave out of the plan.</returns>
    public static IReadOnlySet<string> Run(
        IReadOnlyList<ReadComponent>? components,
        IReadOnlyList<IReadOnlyList<StageEntry>>? stages,
        ManifestErrors errors)
    {
        var entries = stages?.SelectMany(stage => stage).ToList() ?? [];
        var known = components?.Select(c => c.Component.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);

        // Without a usable components array every entry would look unknown: that is one problem,
        // already reported, not dozens.
        if (known is not null)
        {
            foreach (var entry in entries.Where(e => !known.Contains(e.Name)))
            {
                unknown.Add(entry.Name);
                var stage = StagesReader.Describe(entry.Stage);
                errors.Warn(
                    entry.Path,
                    $"{stage} names \"{entry.Name}\", which is not a component, so it is left out of the plan; remove it, or add it to components to release it",
                    $"{stage} names \"{entry.Name}\", which is not a component (refused when reading strictly); remove it, or add it to components");
            }
        }

        foreach (var repeated in entries.Where(e => !unknown.Contains(e.Name)).GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var where = string.Join(" and ", repeated.Select(e => StagesReader.Describe(e.Stage)));
            errors.Add(repeated.ElementAt(1).Path, $"\"{repeated.Key}\" is in {where}; keep it only in the first stage after its dependencies");
        }

        if (stages is null || components is null)
        {
            return unknown;
        }

        var staged = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (component, path, _, _) in components.Where(c => !staged.Contains(c.Component.Name) && SnapshotVersions.IsReleased(c.Component.Version)))
        {
            errors.Add(path, $"{path} (\"{component.Name}\") is a snapshot ({component.Version}) in no stage of buildDependencies, so it would never be released; add it to the first stage after its dependencies, or give it a released version");
        }

        return unknown;
    }
}
