using System.Text.Json.Serialization;

namespace Release.Workflows.Manifest;

/// <summary>One component of the release: a repository with its own CircleCI project.</summary>
/// <param name="Version">
/// Already resolved: a component written without a version takes the release version.
/// </param>
/// <param name="CircleCi">Per-component overrides of how its pipeline is triggered, if any.</param>
/// <param name="DependsOn">
/// The components it must be built after (<c>dependsOn</c>); null for none, and then left out of
/// serialized manifests, which therefore read as before.
/// </param>
public sealed record ManifestComponent(
    string Name,
    string Version,
    CircleCiOverrides? CircleCi = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DependsOn = null);
