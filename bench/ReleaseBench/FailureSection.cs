using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>Goal 3: from a pipeline failing in the simulator to the release's stage report being logged.</summary>
internal static class FailureSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        // Two stages are enough: the failure is in the second, after a first stage that succeeded.
        var shortPlan = plan with { Stages = plan.Stages.Take(2).ToList() };
        var runs = new List<ReleaseMeasurement>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var random = new Random(options.Seed + (100 * run));
            var candidates = shortPlan.Stages[^1].Components;
            var failing = candidates[random.Next(candidates.Count)].Name;
            var scenario = BenchScenario.Draw(shortPlan, options.Seed + (100 * run), options.MinSeconds, options.MaxSeconds, failing);
            var measured = await ReleaseRun.RunAsync(scenario, options.TimeScale, options.Seed + run, measureAllHistories: false, webhooks: true);
            runs.Add(measured);
            log.WriteLine($"  failure run {run}: {failing} failed; release {measured.Outcome}, failure to report {measured.FailureToReportSeconds:F3} s");
        }

        var latencies = runs.Where(r => r.FailureToReportSeconds is not null).Select(r => r.FailureToReportSeconds!.Value).ToList();
        return (
            [
                Figure.Over("3. failure to stage report logged, p50 of runs", "s", latencies),
                Figure.Over("   failure to stage report logged, p95 of runs", "s", [Percentiles.Of(latencies, 95)]),
            ],
            runs);
    }
}
