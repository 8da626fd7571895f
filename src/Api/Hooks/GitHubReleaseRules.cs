using Octokit.Webhooks.Events;

namespace Release.Api.Hooks;

/// <summary>What a push asks for: a release of the manifest at <see cref="Commit"/>.</summary>
/// <param name="Kind">"branch" or "tag".</param>
/// <param name="Name">The branch or tag name, after refs/heads/ or refs/tags/.</param>
/// <param name="Commit">The pushed sha (for an annotated tag, the tag object: git reads the manifest through it).</param>
/// <param name="ComponentBranch">Where components that name no branch build: the release branch, or the tag's base branch.</param>
public sealed record ReleaseTrigger(string Kind, string Name, string Ref, string Commit, string? ComponentBranch)
{
    public string Describe(string manifest) => $"{manifest} at {Kind} {Name} ({GitCheckout.ShortSha(Commit)})";
}

/// <summary>
/// Which pushes start a release: one to a release branch whose commits add or modify the
/// manifest, and one of a release tag. Everything else is answered with the reason it starts
/// nothing, so a person reading the delivery on GitHub knows which rule to change.
/// </summary>
public static class GitHubReleaseRules
{
    private const string Heads = "refs/heads/";
    private const string Tags = "refs/tags/";
    private static readonly string NoCommit = new('0', 40);

    /// <returns>The release to start, or null with why nothing starts.</returns>
    /// <exception cref="ArgumentException">The payload lacks a field every push has: a bad request.</exception>
    public static ReleaseTrigger? Match(PushEvent push, GitHubHookSettings rules, out string reason)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrEmpty(push.Ref) || string.IsNullOrEmpty(push.After))
        {
            throw new ArgumentException("the push payload has no ref or no after commit; is it a GitHub push event?");
        }

        if (!rules.IsReleaseRepository(push.Repository?.FullName))
        {
            reason = $"repository {push.Repository?.FullName ?? "(none named)"} is not the release repository {rules.Repository} (RELEASE_API_GITHUB_REPOSITORY)";
            return null;
        }

        if (push.Deleted || push.After == NoCommit)
        {
            reason = $"{push.Ref} was deleted; a deletion releases nothing";
            return null;
        }

        if (!IsSha(push.After))
        {
            throw new ArgumentException($"the push's after commit '{push.After}' is not a 40-digit sha");
        }

        if (push.Ref.StartsWith(Heads, StringComparison.Ordinal))
        {
            return Branch(push, push.Ref[Heads.Length..], rules, out reason);
        }

        if (push.Ref.StartsWith(Tags, StringComparison.Ordinal))
        {
            var tag = push.Ref[Tags.Length..];
            if (!rules.IsReleaseTag(tag))
            {
                reason = $"tag {tag} is not a release tag (RELEASE_API_GITHUB_TAGS: {string.Join(", ", rules.TagPatterns)})";
                return null;
            }

            reason = $"release tag {tag} pushed";
            var baseBranch = push.BaseRef is { } baseRef && baseRef.StartsWith(Heads, StringComparison.Ordinal) ? baseRef[Heads.Length..] : null;
            return new ReleaseTrigger("tag", tag, push.Ref, push.After, baseBranch ?? rules.TagBranch);
        }

        reason = $"{push.Ref} is neither a branch nor a tag";
        return null;
    }

    private static ReleaseTrigger? Branch(PushEvent push, string branch, GitHubHookSettings rules, out string reason)
    {
        if (!rules.IsReleaseBranch(branch))
        {
            reason = $"branch {branch} is not a release branch (RELEASE_API_GITHUB_BRANCHES: {string.Join(", ", rules.BranchPatterns)})";
            return null;
        }

        var changing = (push.Commits ?? []).FirstOrDefault(c =>
            (c.Added ?? []).Contains(rules.ManifestPath, StringComparer.Ordinal) || (c.Modified ?? []).Contains(rules.ManifestPath, StringComparer.Ordinal));
        if (changing is null)
        {
            reason = $"no commit of this push to {branch} adds or modifies {rules.ManifestPath}";
            return null;
        }

        reason = $"{rules.ManifestPath} changed on release branch {branch} (commit {GitCheckout.ShortSha(changing.Id ?? "?")})";
        return new ReleaseTrigger("branch", branch, push.Ref, push.After, branch);
    }

    private static bool IsSha(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigit);
}
