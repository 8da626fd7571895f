namespace Release.Workflows.Manifest;

/// <summary>
/// The organisation a <c>scmHttpUrl</c> points at, and the CircleCI project slugs derived from it.
/// </summary>
/// <param name="VcsSlug">CircleCI's short VCS name: <c>gh</c> or <c>bb</c>.</param>
public sealed record ScmOrganisation(string VcsSlug, string Name)
{
    // CircleCI derives slugs only for these hosts; GitLab and GitHub App projects have opaque
    // "circleci/<uuid>/<uuid>" slugs, which must be given per component instead.
    private static readonly Dictionary<string, string> VcsByHost = new(StringComparer.OrdinalIgnoreCase)
    {
        ["github.com"] = "gh",
        ["www.github.com"] = "gh",
        ["bitbucket.org"] = "bb",
        ["www.bitbucket.org"] = "bb",
    };

    /// <summary>
    /// Reads <c>https://github.com/{org}</c> (a trailing slash or further segments are tolerated:
    /// the first segment is the organisation). Returns null when no organisation can be derived.
    /// </summary>
    public static ScmOrganisation? FromHttpUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !VcsByHost.TryGetValue(uri.Host, out var vcs))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? null : new ScmOrganisation(vcs, Uri.UnescapeDataString(segments[0]));
    }

    /// <summary>The default slug of a component's CircleCI project, e.g. <c>gh/gravitee-io/gravitee-gateway</c>.</summary>
    public string ProjectSlug(string componentName) => $"{VcsSlug}/{Name}/{componentName}";
}
