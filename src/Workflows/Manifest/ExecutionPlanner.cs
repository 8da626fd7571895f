using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>Derives the <see cref="ExecutionPlan"/> of a manifest. Pure and deterministic.</summary>
public static class ExecutionPlanner
{
    /// <exception cref="ArgumentException">
    /// The manifest names an unknown component, cannot give a slug or has a dependency cycle: only
    /// a hand-built manifest can do that, since <see cref="ManifestParser"/> rejects all three.
    /// </exception>
    public static ExecutionPlan Build(ReleaseManifest manifest, PlanOptions? options = null)
    {
        options ??= new PlanOptions();
        var organisation = ScmOrganisation.FromHttpUrl(manifest.ScmHttpUrl);
        if (organisation is null && manifest.Components.Any(c => c.CircleCi?.ProjectSlug is null))
        {
            throw new ArgumentException($"scmHttpUrl \"{manifest.ScmHttpUrl}\" names no organisation to derive project slugs from", nameof(manifest));
        }

        var byName = manifest.Components.ToDictionary(c => c.Name, StringComparer.Ordinal);

        var staged = new List<IReadOnlyList<ManifestComponent>>();
        for (var i = 0; i < manifest.BuildDependencies.Count; i++)
        {
            staged.Add(manifest.BuildDependencies[i]
                .Select(name => byName.TryGetValue(name, out var component)
                    ? component
                    : throw new ArgumentException($"stage {i + 1} names \"{name}\", which is not a component", nameof(manifest)))
                .Where(c => IsToRelease(c, options))
                .ToList());
        }

        var depths = DependencyDepths.Of(staged.SelectMany(s => s).ToList());
        var stages = new List<PlannedStage>();
        for (var i = 0; i < staged.Count; i++)
        {
            var components = staged[i].Select(c => Plan(c, organisation, options, depths)).ToList();

            // Empty stages go, but the manifest's stage number stays, so that "stage 3 (manifest
            // stage 5)" can still be found in the file.
            if (components.Count > 0)
            {
                stages.Add(new PlannedStage(stages.Count + 1, i + 1, components));
            }
        }

        // A bill of materials lists components that no stage builds: they are not released either.
        var planned = stages.SelectMany(s => s.Components).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var skipped = manifest.Components.Where(c => !planned.Contains(c.Name)).Select(c => c.Name).ToList();
        return new ExecutionPlan(manifest.Name, manifest.Version, stages, skipped);
    }

    public static bool IsToRelease(ManifestComponent component, PlanOptions options) =>
        SnapshotVersions.IsReleased(component.Version, options.SnapshotSuffix);

    private static PlannedComponent Plan(
        ManifestComponent component, ScmOrganisation? organisation, PlanOptions options, DependencyDepths depths)
    {
        var overrides = component.CircleCi;
        var slug = overrides?.ProjectSlug ?? organisation!.ProjectSlug(component.Name);

        var parameters = new Dictionary<string, JsonElement>(options.Parameters, StringComparer.Ordinal);
        foreach (var (key, value) in overrides?.Parameters ?? new Dictionary<string, JsonElement>())
        {
            parameters[key] = value;
        }

        var (depth, dependsOn) = depths[component.Name];
        return new PlannedComponent(component.Name, component.Version, slug, overrides?.Branch ?? options.Branch, parameters, depth, dependsOn);
    }
}
