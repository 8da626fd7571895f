using Release.Workflows.Manifest;

namespace Release.TestBed.Scope;

/// <summary>
/// The repositories of a manifest's components, derived as their CircleCI projects are
/// (<see cref="ScmOrganisation"/>): the organisation of <c>scmHttpUrl</c> and the component's
/// name, unless the component's <c>circleci.projectSlug</c> names another repository.
/// </summary>
public static class ManifestScope
{
    private static readonly Dictionary<string, string> HostByVcs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gh"] = "github.com",
        ["github"] = "github.com",
        ["bb"] = "bitbucket.org",
        ["bitbucket"] = "bitbucket.org",
    };

    /// <param name="warn">Told of a component whose slug names no repository (a GitLab or GitHub App project's opaque slug).</param>
    public static IReadOnlyList<string> RepositoryUrls(ReleaseManifest manifest, Action<string> warn)
    {
        var scm = new Uri(manifest.ScmHttpUrl);
        var organisation = ScmOrganisation.FromHttpUrl(manifest.ScmHttpUrl)!.Name;
        var urls = new List<string>();
        foreach (var component in manifest.Components)
        {
            var slug = component.CircleCi?.ProjectSlug?.Split('/');
            if (slug is { Length: 3 } && HostByVcs.TryGetValue(slug[0], out var host))
            {
                urls.Add($"https://{host}/{slug[1]}/{slug[2]}");
                continue;
            }

            if (slug is not null)
            {
                warn($"component {component.Name}: projectSlug {component.CircleCi!.ProjectSlug} names no GitHub or Bitbucket repository; listed as {scm.Host}/{organisation}/{component.Name}");
            }

            urls.Add($"{scm.Scheme}://{scm.Authority}/{Uri.EscapeDataString(organisation)}/{component.Name}");
        }

        return urls;
    }
}
