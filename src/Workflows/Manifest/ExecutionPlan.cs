using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// What a release will do: the stages to run in order, each holding only the components that have
/// something to release. This, not the manifest, is what the release workflow receives.
/// </summary>
/// <param name="Skipped">
/// Components left out, in manifest order, so that a report can say what was not released: their
/// version is not a snapshot (a valid manifest puts every snapshot in a stage).
/// </param>
public sealed record ExecutionPlan(
    string ReleaseName,
    string ReleaseVersion,
    IReadOnlyList<PlannedStage> Stages,
    IReadOnlyList<string> Skipped);

/// <summary>One parallel execution set of the plan.</summary>
/// <param name="Index">1-based position in the plan, the number to show while the release runs.</param>
/// <param name="ManifestStage">
/// 1-based position in <c>buildDependencies</c>. It differs from <paramref name="Index"/> once an
/// earlier stage had nothing to release; it is the number to look up in the manifest.
/// </param>
public sealed record PlannedStage(int Index, int ManifestStage, IReadOnlyList<PlannedComponent> Components);

/// <summary>One pipeline to trigger, with every default already applied.</summary>
/// <param name="Branch">Null lets CircleCI use the project's default branch.</param>
public sealed record PlannedComponent(
    string Name,
    string Version,
    string ProjectSlug,
    string? Branch,
    IReadOnlyDictionary<string, JsonElement> Parameters);
