using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>
/// Per project and workflow: credits spent over a window. CircleCI bills a job its run time on
/// every parallel container, at its resource class's rate; insights' measured credits, where the
/// plan exposes them, replace the estimate.
/// </summary>
public static class CostCalculator
{
    /// <param name="insights">Credits measured by CircleCI's insights per project and workflow, for the same window; null or missing keys fall back to the estimate.</param>
    public static IReadOnlyList<WorkflowCost> Compute(
        IEnumerable<StoredJobRun> runs, ResourceRates rates, IReadOnlyDictionary<WorkflowKey, double>? insights = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(rates);
        var costs = runs
            .Where(r => Minutes(r.Job) is not null)
            .GroupBy(r => new WorkflowKey(r.Job.ProjectSlug, r.WorkflowName ?? "(unknown workflow)"))
            .Select(g =>
            {
                var minutes = g.Sum(r => Minutes(r.Job)!.Value);
                var estimated = g.Sum(r => Minutes(r.Job)!.Value * (rates.PerMinute(r.Job.ResourceClass) ?? 0));
                var unpriced = g.Where(r => rates.PerMinute(r.Job.ResourceClass) is null).Select(r => r.Job.ResourceClass!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var measured = insights is not null && insights.TryGetValue(g.Key, out var credits) ? credits : (double?)null;
                return new WorkflowCost(
                    g.Key.Project, g.Key.Workflow, g.Count(), minutes, measured ?? estimated, estimated,
                    measured is null ? CostSource.Estimated : CostSource.Insights, unpriced);
            })
            .ToList();
        // Insights may know a workflow whose jobs are not stored (not collected, or pruned): its credits still count.
        var priced = costs.Select(c => new WorkflowKey(c.Project, c.Workflow)).ToHashSet();
        costs.AddRange((insights ?? new Dictionary<WorkflowKey, double>())
            .Where(i => !priced.Contains(i.Key))
            .Select(i => new WorkflowCost(i.Key.Project, i.Key.Workflow, 0, 0, i.Value, 0, CostSource.Insights, [])));
        return costs
            .OrderBy(c => c.Project, StringComparer.Ordinal)
            .ThenBy(c => c.Workflow, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Billed minutes of one job: its run time on each of its parallel containers; null while it has not run.</summary>
    public static double? Minutes(StoredJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var duration = job.Duration ?? (job.StartedAt is { } start && job.StoppedAt is { } stop ? stop - start : null);
        return duration is { } d ? d.TotalMinutes * Math.Max(job.Parallelism ?? 1, 1) : null;
    }
}
