using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// Goals 1 and 2: releases shaped like a real product, their wall time against the critical path,
/// their CircleCI calls and detection latency, and the naive poller on the same scenario.
/// </summary>
internal static class OverheadSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        var runs = new List<ReleaseMeasurement>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var scenario = BenchScenario.Draw(plan, options.Seed + run, options.MinSeconds, options.MaxSeconds);
            var measured = await ReleaseRun.RunAsync(scenario, options.TimeScale, options.Seed + run, measureAllHistories: true);
            runs.Add(measured);
            log.WriteLine(
                $"  release run {run}: {measured.Outcome}, {measured.Components} components in {measured.Stages} stages, "
                + $"wall {measured.WallSeconds:F1} s, critical path {measured.CriticalPathSeconds:F1} s, overhead {measured.Overhead:F3}, "
                + $"{measured.CircleCiCalls} CircleCI calls, detection p95 {Percentiles.Of(measured.DetectionLatencySeconds, 95):F3} s");
        }

        // The baseline polls at the interval whose p95 latency equals ours: a fixed interval N gives
        // latencies spread over [0, N], so p95 is about 0.95 N.
        var ourP95 = Percentiles.Of(runs[0].DetectionLatencySeconds, 95);
        var interval = TimeSpan.FromSeconds(Math.Max(ourP95 / 0.95, 0.01));
        var firstScenario = BenchScenario.Draw(plan, options.Seed + 1, options.MinSeconds, options.MaxSeconds);
        var naive = await NaivePoller.RunAsync(firstScenario, options.TimeScale, options.Seed + 1, interval);
        log.WriteLine(
            $"  naive poller every {interval.TotalSeconds:F3} s on run 1's scenario: {naive.StatusCalls} status calls, "
            + $"p95 latency {Percentiles.Of(naive.DetectionLatencySeconds, 95):F3} s");

        var callRatio = naive.StatusCallsPerPipeline / runs[0].StatusCallsPerPipeline;
        var figures = new List<Figure>
        {
            Figure.Over("1. overhead: wall time / critical path", "ratio", runs.Select(r => r.Overhead).ToList(), "<= 1.05", v => v <= 1.05),
            Figure.Over("   wall time", "s", runs.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   critical path (scaled)", "s", runs.Select(r => r.CriticalPathSeconds).ToList()),
            Figure.Over("2. CircleCI calls per pipeline, all (ours)", "calls", runs.Select(r => r.CallsPerPipeline).ToList()),
            Figure.Over("   status calls per pipeline (ours)", "calls", runs.Select(r => r.StatusCallsPerPipeline).ToList()),
            Figure.Over("   status calls per pipeline (naive, run 1)", "calls", [naive.StatusCallsPerPipeline]),
            Figure.Over("   naive calls / our calls (run 1)", "ratio", [callRatio], ">= 5", v => v >= 5),
            Figure.Over("   detection latency p50 (ours)", "s", runs.Select(r => Percentiles.Of(r.DetectionLatencySeconds, 50)).ToList()),
            Figure.Over("   detection latency p95 (ours)", "s", runs.Select(r => Percentiles.Of(r.DetectionLatencySeconds, 95)).ToList()),
            Figure.Over("   detection latency p50 (naive, run 1)", "s", [Percentiles.Of(naive.DetectionLatencySeconds, 50)]),
            Figure.Over("   detection latency p95 (naive, run 1)", "s", [Percentiles.Of(naive.DetectionLatencySeconds, 95)]),
            Figure.Over("   largest history, any run (events)", "events", runs.Select(r => (double)Math.Max(r.ReleaseHistoryEvents, r.LargestComponentHistoryEvents)).ToList()),
        };
        return (figures, new { runs, naive });
    }
}
