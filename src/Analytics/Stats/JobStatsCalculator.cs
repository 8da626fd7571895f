using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>Per project and job name: duration percentiles, success rate, queue time and trend.</summary>
public static class JobStatsCalculator
{
    /// <summary>A median 20% above the previous window's is flagged.</summary>
    public const double RegressionThreshold = 0.20;

    // A job still running or never run (approval, not_run) has no duration to count.
    private static readonly HashSet<string> Ended = new(StringComparer.Ordinal) { "success", "failed", "infrastructure_fail", "timedout", "canceled" };

    /// <param name="current">The window's jobs.</param>
    /// <param name="previous">The window before, the same length, for the trend.</param>
    public static IReadOnlyList<JobStats> Compute(IEnumerable<StoredJob> current, IEnumerable<StoredJob> previous)
    {
        var before = previous.Where(Counted).GroupBy(Key).ToDictionary(g => g.Key, g => Percentile(Durations(g), 0.5));
        return current.Where(Counted)
            .GroupBy(Key)
            .Select(g =>
            {
                var durations = Durations(g);
                var p50 = Percentile(durations, 0.5);
                var queued = g.Where(j => j.QueuedAt is not null && j.StartedAt is not null).Select(j => j.StartedAt!.Value - j.QueuedAt!.Value).Order().ToList();
                var previousP50 = before.TryGetValue(g.Key, out var old) ? old : (TimeSpan?)null;
                return new JobStats(
                    g.Key.Project,
                    g.Key.Job,
                    durations.Count,
                    (double)g.Count(j => j.Status == "success") / durations.Count,
                    p50,
                    Percentile(durations, 0.95),
                    durations[^1],
                    queued.Count > 0 ? Percentile(queued, 0.5) : null,
                    previousP50,
                    previousP50 is { } was && was > TimeSpan.Zero && (p50 - was) / was >= RegressionThreshold);
            })
            .OrderBy(s => s.Project, StringComparer.Ordinal)
            .ThenBy(s => s.Job, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count, nameof(sorted));
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Ended with a duration: what the figures count.</summary>
    internal static bool Counted(StoredJob job) => Ended.Contains(job.Status) && Duration(job) is not null;

    private static (string Project, string Job) Key(StoredJob job) => (job.ProjectSlug, job.Name);

    private static List<TimeSpan> Durations(IEnumerable<StoredJob> jobs) => jobs.Select(j => Duration(j)!.Value).Order().ToList();

    // CircleCI's own figure where it gave one, else the job's start to stop.
    internal static TimeSpan? Duration(StoredJob job) =>
        job.Duration ?? (job.StartedAt is { } start && job.StoppedAt is { } stop ? stop - start : null);
}
