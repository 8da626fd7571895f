namespace Release.Workflows.Manifest;

/// <summary>Which versions are released, and which only look as if they would be.</summary>
public static class SnapshotVersions
{
    /// <summary>
    /// Released when the version ends with the suffix exactly, capitals included: the convention
    /// is Maven's <c>-SNAPSHOT</c>, and a version written otherwise is reported as a look-alike
    /// rather than guessed at. An empty suffix releases every version.
    /// </summary>
    public static bool IsReleased(string version, string suffix = PlanOptions.DefaultSnapshotSuffix) =>
        version.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary>
    /// A version someone probably meant as a snapshot: <c>-snapshot</c>, <c>-SNAPHOT</c>,
    /// <c>-SNAPSHOT.1</c>, <c>_SNAPSHOT</c>. Half the word is enough to catch the usual typos.
    /// </summary>
    public static bool LooksLikeSnapshot(string version) =>
        !IsReleased(version)
        && (version.Contains("SNAP", StringComparison.OrdinalIgnoreCase) || version.Contains("SHOT", StringComparison.OrdinalIgnoreCase));

    /// <summary>The warning for a look-alike, naming <paramref name="subject"/> and what is then not released.</summary>
    public static string LookAlikeWarning(string subject, string version, string consequence) =>
        $"{subject} \"{version}\" looks like a snapshot but does not end with \"{PlanOptions.DefaultSnapshotSuffix}\" exactly, "
        + $"so {consequence}; end it with \"{PlanOptions.DefaultSnapshotSuffix}\" (capitals) to release it";
}
