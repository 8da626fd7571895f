using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>Per project and workflow name: how long a workflow takes from created to stopped, how often it passes, and its trend.</summary>
public static class WorkflowStatsCalculator
{
    // Statuses after which a workflow has a whole duration; running, on_hold, failing and not_run have none.
    private static readonly HashSet<string> Ended = new(StringComparer.Ordinal) { "success", "failed", "error", "canceled" };

    /// <param name="current">The window's workflows.</param>
    /// <param name="previous">The window before, the same length, for the trend.</param>
    public static IReadOnlyList<WorkflowStats> Compute(IEnumerable<StoredWorkflow> current, IEnumerable<StoredWorkflow> previous)
    {
        var before = previous.Where(Counted).GroupBy(Key).ToDictionary(g => g.Key, g => JobStatsCalculator.Percentile(Durations(g), 0.5));
        return current.Where(Counted)
            .GroupBy(Key)
            .Select(g =>
            {
                var durations = Durations(g);
                var p50 = JobStatsCalculator.Percentile(durations, 0.5);
                var previousP50 = before.TryGetValue(g.Key, out var old) ? old : (TimeSpan?)null;
                double? change = previousP50 is { } was && was > TimeSpan.Zero ? (p50 - was) / was : null;
                return new WorkflowStats(
                    g.Key.Project,
                    g.Key.Workflow,
                    durations.Count,
                    (double)g.Count(w => w.Status == "success") / durations.Count,
                    p50,
                    JobStatsCalculator.Percentile(durations, 0.95),
                    durations[^1],
                    previousP50,
                    change,
                    change >= JobStatsCalculator.RegressionThreshold);
            })
            .OrderBy(s => s.Project, StringComparer.Ordinal)
            .ThenBy(s => s.Workflow, StringComparer.Ordinal)
            .ToList();
    }

    private static bool Counted(StoredWorkflow workflow) => Ended.Contains(workflow.Status) && workflow.StoppedAt is not null;

    private static (string Project, string Workflow) Key(StoredWorkflow workflow) => (workflow.ProjectSlug, workflow.Name);

    private static List<TimeSpan> Durations(IEnumerable<StoredWorkflow> workflows) =>
        workflows.Select(w => w.StoppedAt!.Value - w.CreatedAt).Order().ToList();
}
