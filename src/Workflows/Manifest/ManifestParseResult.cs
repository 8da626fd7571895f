using System.Diagnostics.CodeAnalysis;

namespace Release.Workflows.Manifest;

/// <summary>
/// Either a manifest or every problem that prevents one: a release must not start from a manifest
/// that is only partly right, so a manifest is returned only when there are no errors.
/// </summary>
public sealed record ManifestParseResult(ReleaseManifest? Manifest, IReadOnlyList<ManifestError> Errors)
{
    [MemberNotNullWhen(true, nameof(Manifest))]
    public bool IsValid => Manifest is not null;

    internal static ManifestParseResult Valid(ReleaseManifest manifest) => new(manifest, []);

    internal static ManifestParseResult Invalid(IReadOnlyList<ManifestError> errors) => new(null, errors);
}
