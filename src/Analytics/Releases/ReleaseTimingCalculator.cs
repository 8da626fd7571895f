using Release.Workflows.Release.Reports;

namespace Release.Analytics.Releases;

/// <summary>
/// Reads a release's time from its stage reports: wall time, the critical path (per stage, the
/// component that held it), and the time lost to failures: runs done again after a resume, the
/// wait before each resume, and the pipeline time of components that failed.
/// </summary>
/// <remarks>
/// Only components the run itself triggered count: one reused from an earlier run took no time in
/// this one. The critical path is read from times, not from the plan, so it holds for both
/// schedules (stages, or dependsOn) and shows a wait for a decision or an approval as a gap.
/// </remarks>
public static class ReleaseTimingCalculator
{
    /// <param name="runs">Each run's id and stage reports, in any order; runs without a stage report are left out.</param>
    public static ReleaseTiming? Compute(IEnumerable<(string RunId, IReadOnlyList<StageReport> Stages)> runs)
    {
        var timed = runs
            .Where(r => r.Stages.Count > 0)
            .Select(r => (r.RunId, r.Stages, Run: new RunTiming(
                r.RunId,
                r.Stages.Min(s => s.Timings.StartedAt),
                r.Stages.Max(s => s.Timings.SnapshotAt),
                r.Stages.MaxBy(s => s.Timings.SnapshotAt)!.Outcome,
                r.Stages.Count)))
            .OrderBy(r => r.Run.StartedAt)
            .ToList();
        if (timed.Count == 0)
        {
            return null;
        }

        var last = timed[^1];
        var earlier = timed.Take(timed.Count - 1).ToList();
        var waiting = timed.Zip(timed.Skip(1), (before, after) => Positive(after.Run.StartedAt - before.Run.EndedAt))
            .Aggregate(TimeSpan.Zero, (sum, gap) => sum + gap);
        var failedPipelines = timed.SelectMany(r => r.Stages).SelectMany(s => s.Components)
            .Where(c => c.Outcome == ComponentOutcomes.Failed && c.ReusedFrom is null)
            .Select(c => PipelineTime(c) ?? TimeSpan.Zero)
            .Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        return new ReleaseTiming(
            last.Run.EndedAt - timed[0].Run.StartedAt,
            timed.Select(r => r.Run).ToList(),
            last.Stages.OrderBy(s => s.Stage.Index).Select(Slowest).ToList(),
            CriticalPath(last.Stages),
            earlier.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Run.Duration),
            waiting,
            failedPipelines);
    }

    private static List<CriticalLink> CriticalPath(IReadOnlyList<StageReport> stages)
    {
        var ran = stages
            .SelectMany(s => s.Components.Where(c => c.ReusedFrom is null).Select(c => (Stage: s.Stage.Index, Component: c)))
            .Where(c => c.Component.Pipeline?.Timings is { CreatedAt: not null, StoppedAt: not null })
            .Select(c => new CriticalLink(c.Stage, c.Component.Name, c.Component.Pipeline!.Timings.CreatedAt!.Value, c.Component.Pipeline.Timings.StoppedAt!.Value))
            .ToList();
        var path = new List<CriticalLink>();
        for (var link = ran.MaxBy(c => c.StoppedAt); link is not null; link = ran.Where(c => c.StoppedAt <= link.CreatedAt).MaxBy(c => c.StoppedAt))
        {
            path.Add(link);
        }

        path.Reverse();
        return path;
    }

    private static StageTiming Slowest(StageReport stage)
    {
        var slowest = stage.Components
            .Where(c => c.ReusedFrom is null)
            .Select(c => (c.Name, Time: PipelineTime(c)))
            .Where(c => c.Time is not null)
            .OrderByDescending(c => c.Time)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return new StageTiming(stage.Stage.Index, TimeSpan.FromSeconds(stage.Timings.DurationSeconds), slowest.Name, slowest.Time, stage.Outcome);
    }

    /// <summary>Created to stopped; null while it runs (a failed stage leaves the others running) or if it never started.</summary>
    private static TimeSpan? PipelineTime(ComponentReport component) => component.Pipeline?.Timings switch
    {
        { DurationSeconds: { } seconds } => TimeSpan.FromSeconds(seconds),
        { CreatedAt: { } created, StoppedAt: { } stopped } => stopped - created,
        _ => null,
    };

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
