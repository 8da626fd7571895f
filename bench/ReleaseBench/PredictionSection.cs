using Release.Analytics.Store;
using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// Issue 13's predictions figure: the same polling-only release (run 1's scenario of the overhead
/// section) with a worker whose analytics store knows how long each pipeline takes, against one
/// whose store is empty. With history the watch reads each pipeline halfway to its p50 and at it,
/// instead of on the backoff from the start.
/// </summary>
internal static class PredictionSection
{
    // Past pipelines per project, around the scenario's duration: p50 is the duration, p95 2% more.
    private static readonly double[] Spread = [0.98, 0.99, 1.00, 1.01, 1.02];

    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"release-bench-predictions-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var seed = options.Seed + 1;
            var scenario = BenchScenario.Draw(plan, seed, options.MinSeconds, options.MaxSeconds);

            // A store that does not exist: no history, and not the machine's default store either.
            var without = await RunOneAsync(options, scenario, seed, $"sqlite:{Path.Combine(folder, "none.db")}", "without predictions", log);
            var history = $"sqlite:{Path.Combine(folder, "history.db")}";
            await FillAsync(history, scenario, seed, options.TimeScale);
            var with = await RunOneAsync(options, scenario, seed, history, "with predictions", log);

            var figures = new List<Figure>
            {
                Figure.Over("6. overhead, polling only, with predictions", "ratio", [with.Overhead], "<= 1.10", v => v <= 1.10),
                Figure.Over("   overhead, polling only, without predictions", "ratio", [without.Overhead]),
                Figure.Over("   watch calls per pipeline, with predictions", "calls", [with.WatchCallsPerPipeline], "<= 3", v => v <= 3),
                Figure.Over("   watch calls per pipeline, without predictions", "calls", [without.WatchCallsPerPipeline]),
                Figure.Over("   detection latency p95, with predictions", "s", [Percentiles.Of(with.DetectionLatencySeconds, 95)]),
                Figure.Over("   detection latency p95, without predictions", "s", [Percentiles.Of(without.DetectionLatencySeconds, 95)]),
            };
            return (figures, new { with, without });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ReleaseMeasurement> RunOneAsync(BenchOptions options, BenchScenario scenario, int seed, string store, string label, TextWriter log)
    {
        var measured = await ReleaseRun.RunAsync(scenario, options.TimeScale, seed, measureAllHistories: false, webhooks: false, analyticsStore: store);
        log.WriteLine(
            $"  polling only, {label} (time scale {options.TimeScale}): {measured.Outcome}, wall {measured.WallSeconds:F1} s, critical path {measured.CriticalPathSeconds:F1} s, "
            + $"overhead {measured.Overhead:F3}, {measured.WatchCalls} watch calls ({measured.WatchCallsPerPipeline:F2} per pipeline), "
            + $"detection p95 {Percentiles.Of(measured.DetectionLatencySeconds, 95):F3} s");
        return measured;
    }

    /// <summary>
    /// The history the collector would have stored had it watched this scenario before: each
    /// project's pipelines created an hour apart on main, lasting (in wall time, as the simulator
    /// plays them at this scale) what the scenario's pipeline lasts.
    /// </summary>
    private static async Task FillAsync(string location, BenchScenario scenario, int seed, double timeScale)
    {
        var store = await AnalyticsStore.OpenAsync(location);
        var seconds = SimulatedDurations.Of(scenario.Plan, scenario.ToSimulatorScenario(seed));
        var now = DateTimeOffset.UtcNow;
        foreach (var component in scenario.Plan.Stages.SelectMany(s => s.Components))
        {
            var pipelines = Spread.Select((factor, i) => (Id: $"{component.ProjectSlug}/{i}", Created: now.AddHours(-i - 1), Factor: factor)).ToList();
            await store.UpsertPipelinesAsync(pipelines.Select(p => new StoredPipeline(p.Id, component.ProjectSlug, 1, "created", p.Created, Branch: "main")));
            await store.UpsertWorkflowsAsync(pipelines.Select(p => new StoredWorkflow(
                $"{p.Id}/build", p.Id, component.ProjectSlug, "build", "success", p.Created, p.Created + TimeSpan.FromSeconds(seconds[component.Name] * timeScale * p.Factor))));
        }
    }
}
