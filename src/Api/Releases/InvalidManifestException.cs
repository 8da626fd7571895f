using Release.Workflows.Manifest;

namespace Release.Api.Releases;

/// <summary>A manifest with errors: answered 400 with every error, each with its line and column, as the command line prints them.</summary>
public sealed class InvalidManifestException(string message, IReadOnlyList<ManifestError> errors) : Exception(message)
{
    public IReadOnlyList<ManifestError> Errors { get; } = errors;
}
