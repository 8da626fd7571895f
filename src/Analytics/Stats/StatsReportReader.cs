using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>Reads a window and the window before from the store and computes every figure of a <see cref="StatsReport"/>.</summary>
public static class StatsReportReader
{
    /// <param name="to">The window's end (now, usually); the window before is the same length and ends where this one starts.</param>
    /// <param name="insights">Credits measured by CircleCI's insights for the window, per project and workflow, where collected.</param>
    public static async Task<StatsReport> ReadAsync(
        AnalyticsStore store,
        IReadOnlyList<string> projects,
        DateTimeOffset to,
        TimeSpan window,
        ResourceRates rates,
        IReadOnlyDictionary<WorkflowKey, double>? insights = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(projects);
        var from = to - window;
        var runs = new List<StoredJobRun>();
        var previousJobs = new List<StoredJob>();
        var workflows = new List<StoredWorkflow>();
        var previousWorkflows = new List<StoredWorkflow>();
        foreach (var slug in projects)
        {
            runs.AddRange(await store.JobRunsStartedAsync(slug, from, to, cancellationToken));
            previousJobs.AddRange(await store.JobsStartedAsync(slug, from - window, from, cancellationToken));
            workflows.AddRange(await store.WorkflowsCreatedAsync(slug, from, to, cancellationToken));
            previousWorkflows.AddRange(await store.WorkflowsCreatedAsync(slug, from - window, from, cancellationToken));
        }

        var jobs = runs.Select(r => r.Job).ToList();
        return new StatsReport(
            from,
            to,
            projects,
            JobStatsCalculator.Compute(jobs, previousJobs),
            WorkflowStatsCalculator.Compute(workflows, previousWorkflows),
            FlakyJobFinder.Find(runs),
            CostCalculator.Compute(runs, rates, insights),
            DurationSeriesCalculator.Compute(jobs, from, window));
    }
}
