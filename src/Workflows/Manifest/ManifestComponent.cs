namespace Release.Workflows.Manifest;

/// <summary>One component of the release: a repository with its own CircleCI project.</summary>
/// <param name="Version">
/// Already resolved: a component written without a version takes the release version.
/// </param>
/// <param name="CircleCi">Per-component overrides of how its pipeline is triggered, if any.</param>
public sealed record ManifestComponent(string Name, string Version, CircleCiOverrides? CircleCi = null);
