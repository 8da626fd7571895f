using Release.Analytics.Store;

namespace Release.Analytics.Stats;

/// <summary>Per project and job, the durations over time that the sparklines and the page's plots draw.</summary>
public static class DurationSeriesCalculator
{
    // A month's window gives one character a day; longer windows still fit a terminal column.
    private const int MaxSlices = 60;

    /// <summary>Slices of a day for windows of a week or more, else 24 slices.</summary>
    public static TimeSpan SliceOf(TimeSpan window) => window >= TimeSpan.FromDays(7)
        ? window / Math.Min((int)Math.Ceiling(window.TotalDays), MaxSlices)
        : window / 24;

    /// <param name="from">The window's start; <paramref name="window"/> its length.</param>
    public static IReadOnlyList<DurationSeries> Compute(IEnumerable<StoredJob> jobs, DateTimeOffset from, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var slice = SliceOf(window);
        var count = (int)Math.Round(window / slice);
        return jobs
            .Where(j => JobStatsCalculator.Counted(j) && j.StartedAt is not null)
            .GroupBy(j => (j.ProjectSlug, j.Name))
            .Select(g =>
            {
                var runs = g.Select(j => new RunPoint(j.StartedAt!.Value, JobStatsCalculator.Duration(j)!.Value, j.Status == "success"))
                    .OrderBy(r => r.StartedAt).ToList();
                var slices = Enumerable.Range(0, count)
                    .Select(i => runs.Where(r => SliceIndex(r.StartedAt, from, slice, count) == i).Select(r => r.Duration).Order().ToList())
                    .Select(d => d.Count == 0 ? (TimeSpan?)null : JobStatsCalculator.Percentile(d, 0.5))
                    .ToList();
                return new DurationSeries(g.Key.ProjectSlug, g.Key.Name, from, slice, runs, slices);
            })
            .OrderBy(s => s.Project, StringComparer.Ordinal)
            .ThenBy(s => s.Job, StringComparer.Ordinal)
            .ToList();
    }

    // A run at the very end of the window (rounding) belongs to the last slice.
    private static int SliceIndex(DateTimeOffset at, DateTimeOffset from, TimeSpan slice, int count) =>
        Math.Clamp((int)Math.Floor((at - from) / slice), 0, count - 1);
}
