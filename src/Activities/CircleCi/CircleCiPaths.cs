namespace Release.Activities.CircleCi;

/// <summary>Builds relative request paths under the API v2 root.</summary>
internal static class CircleCiPaths
{
    /// <summary>
    /// A project slug (gh/org/repo) as a path: each segment escaped, the slashes kept. CircleCI
    /// routes on the literal slashes; encoded ones (%2F) are accepted by CircleCI but not by every
    /// proxy or simulator in between.
    /// </summary>
    public static string Slug(string projectSlug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectSlug);
        var segments = projectSlug.Trim('/').Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            throw new ArgumentException($"'{projectSlug}' is not a project slug like gh/org/repo.", nameof(projectSlug));
        }

        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    /// <summary>
    /// A project slug as API v1.1 spells it: vcs-type/org/repo, with v2's short vcs names
    /// (gh, bb) written out. v1.1 knows only GitHub and Bitbucket projects.
    /// </summary>
    public static string V1Project(string projectSlug)
    {
        var path = Slug(projectSlug);
        var segments = path.Split('/');
        var vcs = segments[0].ToLowerInvariant() switch
        {
            "gh" or "github" => "github",
            "bb" or "bitbucket" => "bitbucket",
            _ => null,
        };
        if (vcs is null || segments.Length != 3)
        {
            throw new ArgumentException(
                $"'{projectSlug}' is not a GitHub or Bitbucket project slug like gh/org/repo; CircleCI has step output (API v1.1) only for those.",
                nameof(projectSlug));
        }

        return $"{vcs}/{segments[1]}/{segments[2]}";
    }

    /// <summary>
    /// The API v1.1 root beside the configured v2 root: https://circleci.com/api/v2/ gives
    /// https://circleci.com/api/v1.1/, and a simulator's http://host:port/api/v2/ its /api/v1.1/.
    /// </summary>
    public static Uri V1Root(Uri v2Root)
    {
        var root = v2Root.AbsoluteUri;
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), "../v1.1/");
    }

    /// <summary>One path segment (an id), escaped.</summary>
    public static string Id(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }

    /// <summary>Appends the query parameters that have a value.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        // A path may already carry a query (insights' reporting window) when its pages are followed.
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return given.Count == 0 ? path : $"{path}{separator}{string.Join('&', given)}";
    }
}
