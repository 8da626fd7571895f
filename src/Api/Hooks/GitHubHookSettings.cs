using System.IO.Enumeration;

namespace Release.Api.Hooks;

/// <summary>
/// The rules of <c>POST /hooks/github</c> (README.md, "GitHub hooks"), read by
/// <see cref="GitHubHookSettingsReader"/>. Null settings turn the hooks off.
/// </summary>
/// <param name="Secret">The webhook's secret, shared with GitHub; kept out of <see cref="ToString"/>, logs and answers.</param>
/// <param name="Repository">The release repository on GitHub, owner/name: events from any other are ignored.</param>
/// <param name="Checkout">A clone of it (RELEASE_API_REPOSITORY) from which the manifest is read at the pushed commit.</param>
/// <param name="Remote">The checkout's remote that fetches GitHub's commits.</param>
/// <param name="BranchPatterns">Release branches (globs on the name after refs/heads/, <c>*</c> matching any run, <c>/</c> included).</param>
/// <param name="TagPatterns">Release tags (globs on the name after refs/tags/).</param>
/// <param name="ManifestPath">The manifest's path in the repository, as GitHub lists changed files.</param>
/// <param name="TagBranch">Where a tag's release builds components that name no branch, when GitHub's push names no base branch.</param>
public sealed record GitHubHookSettings(
    string Secret,
    string Repository,
    string Checkout,
    string Remote,
    IReadOnlyList<string> BranchPatterns,
    IReadOnlyList<string> TagPatterns,
    string ManifestPath,
    string? TagBranch)
{
    public const string DefaultManifestPath = "release.json";
    public const string DefaultRemote = "origin";

    public static IReadOnlyList<string> DefaultBranchPatterns { get; } = ["release/*", "*.x"];

    public static IReadOnlyList<string> DefaultTagPatterns { get; } = ["v*"];

    public bool IsReleaseBranch(string branch) => BranchPatterns.Any(p => FileSystemName.MatchesSimpleExpression(p, branch, ignoreCase: false));

    public bool IsReleaseTag(string tag) => TagPatterns.Any(p => FileSystemName.MatchesSimpleExpression(p, tag, ignoreCase: false));

    public bool IsReleaseRepository(string? fullName) => string.Equals(fullName, Repository, StringComparison.OrdinalIgnoreCase);

    // A record prints every property: not the secret.
    public override string ToString() =>
        $"GitHub hooks for {Repository} (branches {string.Join(", ", BranchPatterns)}; tags {string.Join(", ", TagPatterns)}; manifest {ManifestPath})";
}
