using System.Text.Json;
using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// Goal 10: a release as large as a real cluster's limits allow to be tested for, on the dev server
/// with those limits on (its defaults): two stages of half the components each. Its largest event
/// and history must stay under 2 MB and 50 MB / 51,200 events, or a real cluster would refuse it.
/// </summary>
internal static class LimitsSection
{
    private const double MaxPayloadBytes = 2 * 1024 * 1024;
    private const double MaxHistoryBytes = 50 * 1024 * 1024;
    private const double MaxHistoryEvents = 51_200;

    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, TextWriter log)
    {
        var perStage = options.LimitsComponents / 2;
        var stages = Enumerable.Range(1, 2)
            .Select(stage => new PlannedStage(stage, stage, Enumerable.Range(1, perStage)
                .Select(i => new PlannedComponent($"s{stage}-c{i:D4}", "1.0.0", $"gh/bench/s{stage}-c{i:D4}", "main", new Dictionary<string, JsonElement>()))
                .ToList()))
            .ToList();
        var plan = new ExecutionPlan("limits", "1.0.0", stages, []);
        var scenario = BenchScenario.Draw(plan, options.Seed, options.MinSeconds, options.MaxSeconds);
        var m = await ReleaseRun.RunAsync(scenario, options.TimeScale, options.Seed, measureAllHistories: true, webhooks: true);
        var largestEvent = Math.Max(m.ReleaseHistory.LargestEventBytes, m.LargestComponentHistory.LargestEventBytes);
        log.WriteLine(
            $"  limits run: {m.Outcome}, {m.Components} components in 2 stages of {perStage}, wall {m.WallSeconds:F1} s, "
            + $"{m.DigestStages} stage reports as digests; release history {m.ReleaseHistory.Events} events, {m.ReleaseHistory.Bytes / 1048576.0:F2} MiB, "
            + $"largest event {m.ReleaseHistory.LargestEventBytes / 1024.0:F0} KiB ({m.ReleaseHistory.LargestEventType}); "
            + $"largest component history {m.LargestComponentHistory.Events} events, {m.LargestComponentHistory.Bytes / 1024.0:F0} KiB, "
            + $"largest event {m.LargestComponentHistory.LargestEventBytes / 1024.0:F0} KiB ({m.LargestComponentHistory.LargestEventType}); "
            + $"worker peak {m.WorkerPeakBytes / 1048576.0:F0} MiB, dev server peak {m.ServerPeakBytes / 1048576.0:F0} MiB");
        return (
            [
                Figure.Over($"10. {m.Components} components, 2 stages of {perStage}, real limits on: completed", "bool", [m.Outcome == "succeeded" ? 1 : 0], "1", v => v == 1),
                Figure.Over("   largest event (bounds any payload), any history", "KiB", [largestEvent / 1024.0], "< 2048", v => v * 1024 < MaxPayloadBytes),
                Figure.Over("   release history size", "MiB", [m.ReleaseHistory.Bytes / 1048576.0], "< 50", v => v * 1048576 < MaxHistoryBytes),
                Figure.Over("   release history length", "events", [m.ReleaseHistory.Events], "< 51200", v => v < MaxHistoryEvents),
                Figure.Over("   stage reports kept out of history (digests)", "stages", [m.DigestStages]),
                Figure.Over("   wall time", "s", [m.WallSeconds]),
                Figure.Over("   worker peak resident memory", "MiB", [m.WorkerPeakBytes / 1048576.0]),
                Figure.Over("   dev server peak resident memory", "MiB", [m.ServerPeakBytes / 1048576.0]),
            ],
            m);
    }
}
