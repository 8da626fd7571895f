using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>
/// The credits CircleCI's insights measured per workflow, for a stats window that matches one of
/// the reporting windows the collector reads (30 or 90 days, back from the collection); for any
/// other window there is no measurement to compare with, and costs stay estimated.
/// </summary>
public static class InsightCredits
{
    private static readonly IReadOnlyDictionary<TimeSpan, string> ReportingWindows = new Dictionary<TimeSpan, string>
    {
        [TimeSpan.FromDays(7)] = "last-7-days",
        [TimeSpan.FromDays(30)] = "last-30-days",
        [TimeSpan.FromDays(90)] = "last-90-days",
    };

    /// <returns>Null when no reporting window matches <paramref name="window"/>; else the credits of each workflow insights reported them for.</returns>
    public static async Task<IReadOnlyDictionary<WorkflowKey, double>?> ForWindowAsync(
        AnalyticsStore store, IEnumerable<string> slugs, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!ReportingWindows.TryGetValue(window, out var reportingWindow))
        {
            return null;
        }

        var credits = new Dictionary<WorkflowKey, double>();
        foreach (var slug in slugs)
        {
            foreach (var insight in await store.InsightsAsync(slug, reportingWindow, cancellationToken))
            {
                // Workflow rows have no job name; job rows split the same credits and would count them twice.
                if (string.IsNullOrEmpty(insight.JobName) && insight.CreditsUsed is { } used)
                {
                    credits[new WorkflowKey(slug, insight.WorkflowName)] = used;
                }
            }
        }

        return credits;
    }
}
