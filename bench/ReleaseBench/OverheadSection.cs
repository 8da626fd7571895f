using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// Goals 1 and 2: releases shaped like a real product, their wall time against the critical path,
/// their CircleCI calls and detection latency; watched with webhooks (polls as the safety net) and
/// by polling alone, each beside a naive poller matched to its p95 latency, on the same scenario.
/// </summary>
internal static class OverheadSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        var withWebhooks = new List<ReleaseMeasurement>();
        for (var run = 1; run <= options.Runs; run++)
        {
            withWebhooks.Add(await RunOneAsync(options, plan, run, webhooks: true, log));
        }

        var pollingOnly = await RunOneAsync(options, plan, 1, webhooks: false, log);
        var check = options.CheckScale > 0 ? await RunOneAsync(options with { TimeScale = options.CheckScale }, plan, 1, webhooks: true, log) : null;
        var naiveForWebhooks = await NaiveMatchedAsync(options, plan, withWebhooks[0], log);
        var naiveForPolling = await NaiveMatchedAsync(options, plan, pollingOnly, log);

        var figures = new List<Figure>
        {
            Figure.Over("1. overhead: wall time / critical path (webhooks)", "ratio", withWebhooks.Select(r => r.Overhead).ToList(), "<= 1.05", v => v <= 1.05),
            Figure.Over("   wall time (webhooks)", "s", withWebhooks.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   critical path (scaled)", "s", withWebhooks.Select(r => r.CriticalPathSeconds).ToList()),
            Figure.Over("   overhead, polling only (run 1)", "ratio", [pollingOnly.Overhead]),
            Figure.Over("2. CircleCI calls per pipeline, all (webhooks)", "calls", withWebhooks.Select(r => r.CallsPerPipeline).ToList()),
            Figure.Over("   watch calls per pipeline (webhooks)", "calls", withWebhooks.Select(r => r.WatchCallsPerPipeline).ToList()),
            Figure.Over("   detection latency p50 (webhooks)", "s", withWebhooks.Select(r => Percentiles.Of(r.DetectionLatencySeconds, 50)).ToList()),
            Figure.Over("   detection latency p95 (webhooks)", "s", withWebhooks.Select(r => Percentiles.Of(r.DetectionLatencySeconds, 95)).ToList()),
            Figure.Over("   naive at that p95: watch calls per pipeline", "calls", [naiveForWebhooks.WatchCallsPerPipeline]),
            Figure.Over("   naive at that p95: detection latency p95", "s", [Percentiles.Of(naiveForWebhooks.DetectionLatencySeconds, 95)]),
            Figure.Over("   naive calls / our calls (webhooks, run 1)", "ratio", [naiveForWebhooks.WatchCallsPerPipeline / withWebhooks[0].WatchCallsPerPipeline], ">= 5", v => v >= 5),
            Figure.Over("   watch calls per pipeline (polling only)", "calls", [pollingOnly.WatchCallsPerPipeline]),
            Figure.Over("   detection latency p95 (polling only)", "s", [Percentiles.Of(pollingOnly.DetectionLatencySeconds, 95)]),
            Figure.Over("   naive at that p95: watch calls per pipeline", "calls", [naiveForPolling.WatchCallsPerPipeline]),
            Figure.Over("   naive calls / our calls (polling only)", "ratio", [naiveForPolling.WatchCallsPerPipeline / pollingOnly.WatchCallsPerPipeline]),
            Figure.Over("   largest history, any run (events)", "events", withWebhooks.Append(pollingOnly).Select(r => (double)Math.Max(r.ReleaseHistoryEvents, r.LargestComponentHistoryEvents)).ToList()),
        };
        if (check is not null)
        {
            figures.Insert(4, Figure.Over($"   overhead at time scale {options.CheckScale} (webhooks, run 1)", "ratio", [check.Overhead], "<= 1.05", v => v <= 1.05));
        }

        return (figures, new { withWebhooks, pollingOnly, check, naiveForWebhooks, naiveForPolling });
    }

    private static async Task<ReleaseMeasurement> RunOneAsync(BenchOptions options, ExecutionPlan plan, int run, bool webhooks, TextWriter log)
    {
        var scenario = BenchScenario.Draw(plan, options.Seed + run, options.MinSeconds, options.MaxSeconds);
        var measured = await ReleaseRun.RunAsync(scenario, options.TimeScale, options.Seed + run, measureAllHistories: true, webhooks);
        log.WriteLine(
            $"  release run {run} ({(webhooks ? "webhooks" : "polling only")}, time scale {options.TimeScale}): {measured.Outcome}, {measured.Components} components in {measured.Stages} stages, "
            + $"wall {measured.WallSeconds:F1} s, critical path {measured.CriticalPathSeconds:F1} s, overhead {measured.Overhead:F3}, "
            + $"{measured.CircleCiCalls} CircleCI calls ({measured.WatchCalls} to watch), detection p95 {Percentiles.Of(measured.DetectionLatencySeconds, 95):F3} s");
        return measured;
    }

    // A fixed interval N gives latencies spread over [0, N] plus the call itself, so p95 is about
    // 0.95 N: polling every p95 / 0.95 matches our p95.
    private static async Task<NaiveMeasurement> NaiveMatchedAsync(BenchOptions options, ExecutionPlan plan, ReleaseMeasurement ours, TextWriter log)
    {
        var p95 = Percentiles.Of(ours.DetectionLatencySeconds, 95);
        var interval = TimeSpan.FromSeconds(Math.Max(p95 / 0.95, 0.005));
        var scenario = BenchScenario.Draw(plan, options.Seed + 1, options.MinSeconds, options.MaxSeconds);
        var naive = await NaivePoller.RunAsync(scenario, options.TimeScale, options.Seed + 1, interval);
        log.WriteLine(
            $"  naive poller every {interval.TotalSeconds:F3} s on run 1's scenario: {naive.StatusCalls} status calls, "
            + $"p95 latency {Percentiles.Of(naive.DetectionLatencySeconds, 95):F3} s");
        return naive;
    }
}
