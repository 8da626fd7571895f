namespace Release.Activities.CircleCi;

/// <summary>
/// CircleCI's insights: summaries it computes over a reporting window (last-24-hours, last-7-days,
/// last-30-days, last-60-days, last-90-days), here over all branches. A plan without insights
/// answers 403 or 404, a <see cref="CircleCiRequestException"/> the caller decides about.
/// </summary>
public sealed partial class CircleCiClient
{
    /// <summary>GET insights/{slug}/workflows?all-branches=true&amp;reporting-window=, all pages.</summary>
    public Task<IReadOnlyList<CircleCiInsight>> GetWorkflowInsightsAsync(string projectSlug, string reportingWindow, CancellationToken cancellationToken = default) =>
        GetAllPagesAsync<CircleCiInsight>(
            CircleCiPaths.WithQuery($"insights/{CircleCiPaths.Slug(projectSlug)}/workflows", ("all-branches", "true"), ("reporting-window", reportingWindow)),
            cancellationToken);

    /// <summary>GET insights/{slug}/workflows/{name}/jobs?all-branches=true&amp;reporting-window=, all pages.</summary>
    public Task<IReadOnlyList<CircleCiInsight>> GetJobInsightsAsync(string projectSlug, string workflowName, string reportingWindow, CancellationToken cancellationToken = default) =>
        GetAllPagesAsync<CircleCiInsight>(
            CircleCiPaths.WithQuery(
                $"insights/{CircleCiPaths.Slug(projectSlug)}/workflows/{CircleCiPaths.Id(workflowName)}/jobs", ("all-branches", "true"), ("reporting-window", reportingWindow)),
            cancellationToken);
}
