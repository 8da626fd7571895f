namespace Release.Workflows.Manifest;

/// <summary>How strictly a manifest is read.</summary>
/// <param name="Strict">
/// Every warning becomes an error: for a release pipeline that wants the manifest exactly right,
/// e.g. no stage entry that is silently left out of the plan.
/// </param>
public sealed record ManifestParseOptions(bool Strict = false);
