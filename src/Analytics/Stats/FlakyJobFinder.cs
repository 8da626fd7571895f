using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>
/// Finds jobs that failed and then passed on the same commit without a change to the code: a
/// workflow rerun (another workflow of the same name in the same pipeline) or another pipeline of
/// the same revision. A job that only ever fails, or only passes, is not flaky.
/// </summary>
public static class FlakyJobFinder
{
    private static readonly HashSet<string> Failed = new(StringComparer.Ordinal) { "failed", "infrastructure_fail", "timedout" };

    public static IReadOnlyList<FlakyJob> Find(IEnumerable<StoredJobRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs
            .Where(r => r.Job.StartedAt is not null && r.WorkflowName is not null && (Failed.Contains(r.Job.Status) || r.Job.Status == "success"))
            // The same code: its revision, or, without one, its pipeline (whose reruns share it).
            .GroupBy(r => (r.Job.ProjectSlug, Workflow: r.WorkflowName!, r.Job.Name, Commit: r.Revision ?? $"pipeline {r.PipelineId}"))
            .Select(g => (g.Key, Pass: PassAfterFailure(g)))
            .Where(c => c.Pass is not null)
            .GroupBy(c => (c.Key.ProjectSlug, c.Key.Workflow, c.Key.Name))
            .Select(g =>
            {
                var last = g.MaxBy(c => c.Pass!.Job.StartedAt)!.Pass!;
                return new FlakyJob(g.Key.ProjectSlug, g.Key.Workflow, g.Key.Name, g.Count(), last.Job.StartedAt!.Value, last.Revision);
            })
            .OrderByDescending(f => f.Occurrences)
            .ThenBy(f => f.Project, StringComparer.Ordinal)
            .ThenBy(f => f.Job, StringComparer.Ordinal)
            .ToList();
    }

    // The first success that started after a failure of the same job on the same code, or null.
    private static StoredJobRun? PassAfterFailure(IEnumerable<StoredJobRun> attempts)
    {
        var failedSince = false;
        foreach (var attempt in attempts.OrderBy(a => a.Job.StartedAt))
        {
            if (Failed.Contains(attempt.Job.Status))
            {
                failedSince = true;
            }
            else if (failedSince)
            {
                return attempt;
            }
        }

        return null;
    }
}
