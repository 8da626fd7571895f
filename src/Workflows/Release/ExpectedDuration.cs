namespace Release.Workflows.Release;

/// <summary>
/// How long a project's pipeline on a branch usually takes, from the analytics store: what the
/// progress ETA and the poll schedule predict from.
/// </summary>
/// <param name="P50">The median of its past successful pipelines (created to last workflow stopped).</param>
/// <param name="P95">The late bound: 95% of them took at most this.</param>
/// <param name="Samples">How many pipelines the figures are of.</param>
public sealed record ExpectedDuration(string ProjectSlug, string Branch, TimeSpan P50, TimeSpan P95, int Samples);

/// <summary>The projects a release is about to run, each on its branch.</summary>
/// <param name="Window">How far back the store is read.</param>
public sealed record ExpectedDurationsRequest(IReadOnlyList<ProjectOnBranch> Projects, TimeSpan Window);

public sealed record ProjectOnBranch(string ProjectSlug, string Branch);
