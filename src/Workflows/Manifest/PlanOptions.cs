using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>What the start command says about the release, beyond the manifest.</summary>
public sealed record PlanOptions
{
    public const string DefaultSnapshotSuffix = "-SNAPSHOT";

    /// <summary>
    /// A component is released when its version ends with this suffix, capitals included
    /// (<see cref="SnapshotVersions.IsReleased"/>). An empty suffix releases every component.
    /// </summary>
    public string SnapshotSuffix { get; init; } = DefaultSnapshotSuffix;

    /// <summary>The branch to build; null lets CircleCI use each project's default branch.</summary>
    public string? Branch { get; init; }

    /// <summary>Pipeline parameters for every component; a component's own parameters win per key.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();
}
