using System.Text.Json;
using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>Goal 4: one stage of many components on this machine.</summary>
internal static class ScaleSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, TextWriter log)
    {
        var components = Enumerable.Range(1, options.ScaleComponents)
            .Select(i => new PlannedComponent($"c{i:D4}", "1.0.0-SNAPSHOT", $"gh/bench/c{i:D4}", "main", new Dictionary<string, JsonElement>()))
            .ToList();
        var plan = new ExecutionPlan("scale", "1.0.0", [new PlannedStage(1, 1, components)], []);
        var scenario = BenchScenario.Draw(plan, options.Seed, options.MinSeconds, options.MaxSeconds);
        var measured = await ReleaseRun.RunAsync(scenario, options.TimeScale, options.Seed, measureAllHistories: true, webhooks: true);
        log.WriteLine(
            $"  scale run: {measured.Outcome}, {measured.Components} components, wall {measured.WallSeconds:F1} s, "
            + $"critical path {measured.CriticalPathSeconds:F1} s, worker peak {measured.WorkerPeakBytes / 1048576.0:F0} MiB, "
            + $"dev server peak {measured.ServerPeakBytes / 1048576.0:F0} MiB, release history {measured.ReleaseHistoryEvents} events");
        var largest = Math.Max(measured.ReleaseHistoryEvents, measured.LargestComponentHistoryEvents);
        return (
            [
                Figure.Over($"4. {options.ScaleComponents} components in one stage: completed", "bool", [measured.Outcome == "succeeded" ? 1 : 0], "1", v => v == 1),
                Figure.Over("   worker peak resident memory", "MiB", [measured.WorkerPeakBytes / 1048576.0], "<= 300", v => v <= 300),
                Figure.Over("   dev server peak resident memory", "MiB", [measured.ServerPeakBytes / 1048576.0]),
                Figure.Over("   largest history", "events", [largest], "< 10000", v => v < 10_000),
                Figure.Over("   wall time / critical path", "ratio", [measured.Overhead]),
                Figure.Over("   wall time", "s", [measured.WallSeconds]),
            ],
            measured);
    }
}
