namespace Release.Workflows.Manifest;

/// <summary>
/// A validated <c>release.json</c>: what the product is made of and in which order its components
/// are built. Only <see cref="ManifestParser"/> builds one from text; a manifest built by hand is
/// trusted as valid.
/// </summary>
/// <param name="BuildDependencies">
/// The parallel execution sets in release order: every component of one set is built at the same
/// time, and a set starts only once the previous one has succeeded.
/// </param>
/// <param name="ScmSshUrl">Informational, as found in the file.</param>
/// <param name="BuildTimestamp">Informational and kept as written: it is not a clock reading.</param>
public sealed record ReleaseManifest(
    string Name,
    string Version,
    string ScmHttpUrl,
    IReadOnlyList<ManifestComponent> Components,
    IReadOnlyList<IReadOnlyList<string>> BuildDependencies,
    string? ScmSshUrl = null,
    string? BuildTimestamp = null)
{
    /// <summary>Parses and validates a manifest; the result holds every problem found.</summary>
    public static ManifestParseResult Parse(string json, ManifestParseOptions? options = null) => ManifestParser.Parse(json, options);
}
