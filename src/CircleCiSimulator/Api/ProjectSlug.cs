namespace Release.CircleCiSimulator;

/// <summary>What a project slug (vcs/org/repo) says about the repository behind it.</summary>
internal sealed record ProjectSlug(string Vcs, string Org, string Repo)
{
    public string Value => $"{Vcs}/{Org}/{Repo}";

    public string ProviderName => Vcs.ToLowerInvariant() switch
    {
        "gh" or "github" => "GitHub",
        "bb" or "bitbucket" => "Bitbucket",
        _ => "CircleCI",
    };

    public string RepositoryUrl => Vcs.ToLowerInvariant() switch
    {
        "gh" or "github" => $"https://github.com/{Org}/{Repo}",
        "bb" or "bitbucket" => $"https://bitbucket.org/{Org}/{Repo}",
        _ => $"https://app.circleci.com/projects/{Value}",
    };

    /// <summary>The web app link of a job, the shape the reference README documents.</summary>
    public string JobWebUrl(long pipelineNumber, string workflowId, long jobNumber) =>
        $"https://app.circleci.com/pipelines/{Value}/{pipelineNumber}/workflows/{workflowId}/jobs/{jobNumber}";

    /// <summary>
    /// The slug as given and with the other spelling of its VCS: v2 slugs say <c>gh</c>/<c>bb</c>, the
    /// v1.1 paths <c>github</c>/<c>bitbucket</c>, and CircleCI takes either for the same project.
    /// </summary>
    public IEnumerable<string> Spellings()
    {
        yield return Value;
        var other = Vcs.ToLowerInvariant() switch
        {
            "gh" => "github",
            "github" => "gh",
            "bb" => "bitbucket",
            "bitbucket" => "bb",
            _ => null,
        };
        if (other is not null)
        {
            yield return $"{other}/{Org}/{Repo}";
        }
    }

    public static ProjectSlug Parse(string slug)
    {
        var parts = slug.Split('/');
        return new ProjectSlug(parts[0], parts[1], parts[2]);
    }
}
