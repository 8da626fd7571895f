using System.Text.Json;
using System.Text.Json.Serialization;

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
/// <param name="Depth">
/// The longest chain of released dependencies below it (<c>dependsOn</c>), 0 for none. Both it and
/// <paramref name="DependsOn"/> are left out of a serialized plan when they hold nothing, so plans
/// written before them read the same, and a plan without dependencies stays as small.
/// </param>
/// <param name="DependsOn">The dependencies released in this plan, in manifest order; empty for none.</param>
public sealed record PlannedComponent(
    string Name,
    string Version,
    string ProjectSlug,
    string? Branch,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Depth = 0,
    IReadOnlyList<string>? DependsOn = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? DependsOn { get; init; } = DependsOn is { Count: > 0 } ? DependsOn : null;

    /// <summary>The released dependencies, never null.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Dependencies => DependsOn ?? [];
}
