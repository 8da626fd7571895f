using System.Diagnostics.CodeAnalysis;

namespace Release.Workflows.Manifest;

/// <summary>
/// Either a manifest or every problem that prevents one: a release must not start from a manifest
/// that is only partly right, so a manifest is returned only when there are no errors.
/// </summary>
/// <param name="Warnings">
/// What was accepted but deserves a look (a trailing comma, a stage entry that is not a
/// component, a version that looks like a snapshot but is not one), whether or not it is valid.
/// </param>
public sealed record ManifestParseResult(ReleaseManifest? Manifest, IReadOnlyList<ManifestError> Errors, IReadOnlyList<ManifestError> Warnings)
{
    [MemberNotNullWhen(true, nameof(Manifest))]
    public bool IsValid => Manifest is not null;

    internal static ManifestParseResult Valid(ReleaseManifest manifest, IReadOnlyList<ManifestError> warnings) => new(manifest, [], warnings);

    internal static ManifestParseResult Invalid(IReadOnlyList<ManifestError> errors, IReadOnlyList<ManifestError> warnings) => new(null, errors, warnings);
}
