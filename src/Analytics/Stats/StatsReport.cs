namespace Release.Analytics.Stats;

/// <summary>Every figure of <c>release stats</c> for one window: what the terminal, the JSON and the HTML page show.</summary>
/// <param name="From">The window's start (inclusive); <paramref name="To"/> its end (exclusive).</param>
public sealed record StatsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Projects,
    IReadOnlyList<JobStats> Jobs,
    IReadOnlyList<WorkflowStats> Workflows,
    IReadOnlyList<FlakyJob> Flaky,
    IReadOnlyList<WorkflowCost> Costs,
    IReadOnlyList<DurationSeries> Series)
{
    public TimeSpan Window => To - From;

    /// <summary>Per project: its workflows' runs and success rate, and its credits.</summary>
    public IReadOnlyList<ProjectSummary> ProjectSummaries => Projects
        .Select(p =>
        {
            var workflows = Workflows.Where(w => w.Project == p).ToList();
            var runs = workflows.Sum(w => w.Runs);
            var passed = workflows.Sum(w => w.SuccessRate * w.Runs);
            var costs = Costs.Where(c => c.Project == p).ToList();
            return new ProjectSummary(
                p, runs, runs == 0 ? null : passed / runs, costs.Sum(c => c.Credits), costs.Sum(c => c.Minutes),
                costs.Count > 0 && costs.All(c => c.Source == CostSource.Insights) ? CostSource.Insights : CostSource.Estimated);
        })
        .ToList();
}

/// <param name="SuccessRate">Workflows that passed over those that ended; null without one.</param>
/// <param name="Source">Insights when every workflow's credits came from insights, else estimated (in part at least).</param>
public sealed record ProjectSummary(string Project, int WorkflowRuns, double? SuccessRate, double Credits, double Minutes, CostSource Source);
