namespace Release.Analytics.Onboarding;

/// <summary>
/// CircleCI project slugs in their canonical form, so that <c>github/org/repo</c> and
/// <c>gh/org/repo</c> are stored as one project.
/// </summary>
public static class ProjectSlugs
{
    // CircleCI accepts both spellings in URLs but answers with the short one (project_slug in
    // every response), so the short one is what rows are keyed by.
    private static readonly Dictionary<string, string> ShortVcs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["github"] = "gh",
        ["gh"] = "gh",
        ["bitbucket"] = "bb",
        ["bb"] = "bb",
        ["circleci"] = "circleci",
    };

    /// <summary>The canonical slug, or null with <paramref name="problem"/> saying what is wrong and what to write.</summary>
    public static string? TryCanonical(string slug, out string problem)
    {
        ArgumentNullException.ThrowIfNull(slug);
        problem = "";
        var parts = slug.Trim().Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
        {
            problem = $"\"{slug}\" is not a CircleCI project slug; write vcs/org/repo, e.g. github/my-org/my-repo";
            return null;
        }

        if (!ShortVcs.TryGetValue(parts[0], out var vcs))
        {
            problem = $"\"{slug}\" starts with \"{parts[0]}\", which is not a CircleCI VCS; use github (or gh), bitbucket (or bb) or circleci";
            return null;
        }

        // GitLab and GitHub App projects have opaque slugs: organisation and project ids.
        if (vcs == "circleci" && !(Guid.TryParse(parts[1], out _) && Guid.TryParse(parts[2], out _)))
        {
            problem = $"\"{slug}\" is a circleci/ slug but not circleci/<organisation id>/<project id>; copy it from the project's settings in CircleCI";
            return null;
        }

        return $"{vcs}/{parts[1]}/{parts[2]}";
    }

    /// <summary>The canonical slug of a slug already known to be valid, such as one from an execution plan.</summary>
    /// <exception cref="ArgumentException">It is not a slug.</exception>
    public static string Canonical(string slug) =>
        TryCanonical(slug, out var problem) ?? throw new ArgumentException(problem, nameof(slug));
}
