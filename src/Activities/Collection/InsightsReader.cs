using System.Net;
using Release.Activities.CircleCi;
using Release.Analytics.Store;

namespace Release.Activities.Collection;

/// <summary>
/// Reads CircleCI's insights of a project (per workflow, then per job of each workflow) over a
/// reporting window, as store rows. Insights are the only place CircleCI reports credits.
/// </summary>
internal static class InsightsReader
{
    /// <summary>The windows collected: a month for recent cost, a quarter for the trend behind it.</summary>
    public static readonly IReadOnlyList<string> Windows = ["last-30-days", "last-90-days"];

    /// <summary>The rows, or null when the plan has no insights (CircleCI answers 403 or 404): not an error.</summary>
    public static async Task<IReadOnlyList<StoredInsight>?> ReadAsync(
        CircleCiClient client,
        string projectSlug,
        string window,
        DateTimeOffset collectedAt,
        Func<Func<Task<IReadOnlyList<CircleCiInsight>>>, Task<IReadOnlyList<CircleCiInsight>>> call,
        CancellationToken cancellationToken)
    {
        try
        {
            var rows = new List<StoredInsight>();
            foreach (var workflow in await call(() => client.GetWorkflowInsightsAsync(projectSlug, window, cancellationToken)))
            {
                rows.Add(Row(projectSlug, workflow.Name, null, window, workflow, collectedAt));
                foreach (var job in await call(() => client.GetJobInsightsAsync(projectSlug, workflow.Name, window, cancellationToken)))
                {
                    rows.Add(Row(projectSlug, workflow.Name, job.Name, window, job, collectedAt));
                }
            }

            return rows;
        }
        catch (CircleCiRequestException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static StoredInsight Row(string slug, string workflow, string? job, string window, CircleCiInsight insight, DateTimeOffset collectedAt)
    {
        var metrics = insight.Metrics ?? new CircleCiInsightMetrics();
        return new StoredInsight(
            slug,
            workflow,
            job,
            window,
            metrics.TotalRuns,
            metrics.SuccessfulRuns,
            metrics.FailedRuns,
            metrics.TotalCreditsUsed,
            Seconds(metrics.DurationMetrics?.Median),
            Seconds(metrics.DurationMetrics?.P95),
            insight.WindowStart,
            insight.WindowEnd,
            collectedAt);
    }

    private static TimeSpan? Seconds(long? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
