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
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }
}
