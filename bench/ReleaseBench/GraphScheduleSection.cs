using System.Globalization;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;

namespace Release.ReleaseBench;

/// <summary>
/// Goal 10 (issue 11): on a product whose components declare <c>dependsOn</c>, the graph schedule
/// against the graph's longest path, beside the stage barriers on the same pipelines; then the
/// graph schedule under a cap on pipelines in flight.
/// </summary>
internal static class GraphScheduleSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        CheckLongestPath(plan);
        log.WriteLine($"  {options.GraphManifest}: {plan.Stages.Sum(s => s.Components.Count)} components, {plan.Stages.Count} stages, graph depth {plan.Stages.SelectMany(s => s.Components).Max(c => c.Depth) + 1}");

        var graph = new List<GraphMeasurement>();
        var stages = new List<GraphMeasurement>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var scenario = Scenario(options, plan, run);
            graph.Add(await RunOneAsync($"run {run}, graph", scenario, options.TimeScale, options.Seed + run, ReleaseSchedule.Graph, null, log));
            stages.Add(await RunOneAsync($"run {run}, stages", scenario, options.TimeScale, options.Seed + run, ReleaseSchedule.Stages, null, log));
        }

        var check = options.GraphCheckScale > 0
            ? await RunOneAsync("run 1, graph", Scenario(options, plan, 1), options.GraphCheckScale, options.Seed + 1, ReleaseSchedule.Graph, null, log)
            : null;
        var capped = options.MaxParallel > 0
            ? await RunOneAsync("run 1, graph", Scenario(options, plan, 1), options.TimeScale, options.Seed + 1, ReleaseSchedule.Graph, options.MaxParallel, log)
            : null;

        var scale = options.TimeScale.ToString(CultureInfo.InvariantCulture);
        var figures = new List<Figure>
        {
            Figure.Over($"10. graph: wall / longest path (scale {scale})", "ratio", graph.Select(r => r.OverLongestPath).ToList(), "<= 1.05", v => v <= 1.05),
            Figure.Over("   graph: wall time", "s", graph.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   longest path of the graph (scaled)", "s", graph.Select(r => r.LongestPathSeconds).ToList()),
            Figure.Over("   graph: started before the stage barrier", "comps", graph.Select(r => (double)r.EarlyStarts).ToList(), "> 0", v => v > 0),
            Figure.Over("   graph: start after dependencies, p50", "s", graph.Select(r => Percentiles.Of(r.StartGapsSeconds, 50)).ToList()),
            Figure.Over("   graph: start after dependencies, p95", "s", graph.Select(r => Percentiles.Of(r.StartGapsSeconds, 95)).ToList()),
            Figure.Over("     pipeline end -> webhook signal, p50", "s", graph.Select(r => Percentiles.Of(r.Hops.EndToSignal, 50)).ToList()),
            Figure.Over("     signal -> component workflow closed, p50", "s", graph.Select(r => Percentiles.Of(r.Hops.SignalToClose, 50)).ToList()),
            Figure.Over("     closed -> dependant's workflow started, p50", "s", graph.Select(r => Percentiles.Of(r.Hops.CloseToDependantStart, 50)).ToList()),
            Figure.Over("     started -> its pipeline triggered, p50", "s", graph.Select(r => Percentiles.Of(r.Hops.StartToTrigger, 50)).ToList()),
            Figure.Over("   graph: head + chain gaps + tail", "s", graph.Select(r => r.HeadSeconds + r.ChainGapSeconds + r.TailSeconds).ToList()),
            Figure.Over("   graph: tail (last pipeline end -> result)", "s", graph.Select(r => r.TailSeconds).ToList()),
            Figure.Over("   stages: wall time", "s", stages.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   sum of the stages' slowest pipelines (scaled)", "s", stages.Select(r => r.StageSumSeconds).ToList()),
            Figure.Over("   stages: wall / stage sum", "ratio", stages.Select(r => r.OverStageSum).ToList()),
            Figure.Over("   stages: start after the barrier, p50", "s", stages.Select(r => Percentiles.Of(r.StartGapsSeconds, 50)).ToList()),
            Figure.Over("   stages: wall / longest path", "ratio", stages.Select(r => r.OverLongestPath).ToList()),
            Figure.Over("   stages wall / graph wall", "ratio", stages.Zip(graph).Select(p => p.First.WallSeconds / p.Second.WallSeconds).ToList()),
        };
        if (check is not null)
        {
            figures.Insert(1, Figure.Over($"   graph: wall / longest path (scale {options.GraphCheckScale.ToString(CultureInfo.InvariantCulture)}, run 1)", "ratio", [check.OverLongestPath], "<= 1.01", v => v <= 1.01));
            figures.Insert(2, Figure.Over($"   graph: wall, longest path (scale {options.GraphCheckScale.ToString(CultureInfo.InvariantCulture)})", "s", [check.WallSeconds, check.LongestPathSeconds]));
        }

        if (capped is not null)
        {
            figures.AddRange(
            [
                Figure.Over($"   max-parallel {options.MaxParallel}: most pipelines in flight", "pipes", [capped.MaxPipelinesInFlight], $"<= {options.MaxParallel}", v => v <= options.MaxParallel),
                Figure.Over($"   max-parallel {options.MaxParallel}: wall time", "s", [capped.WallSeconds]),
                Figure.Over($"   max-parallel {options.MaxParallel}: floor max(longest, sum/{options.MaxParallel})", "s", [CappedFloor(capped, options.MaxParallel)]),
                Figure.Over("   graph, no cap: most pipelines in flight", "pipes", graph.Select(r => (double)r.MaxPipelinesInFlight).ToList()),
            ]);
        }

        return (figures, new { manifest = options.GraphManifest, graph, stages, check, capped });
    }

    /// <summary>The plan the bench releases: every component of the manifest, snapshot or not.</summary>
    /// <returns>Null, or the problem with the manifest, in one line.</returns>
    public static string? TryPlan(string manifest, out ExecutionPlan? plan)
    {
        plan = null;
        if (!File.Exists(manifest))
        {
            return $"{manifest}: no such file; give --graph-manifest a release.json with dependsOn";
        }

        var parsed = ManifestParser.Parse(File.ReadAllText(manifest));
        if (!parsed.IsValid)
        {
            return $"{manifest}: {string.Join("; ", parsed.Errors)}";
        }

        plan = ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main", SnapshotSuffix = "" });
        return plan.Stages.SelectMany(s => s.Components).Any(c => c.Dependencies.Count > 0)
            ? null
            : $"{manifest}: no component declares dependsOn, so both schedules are the same; give --graph-manifest one that does";
    }

    // Durations drawn per run, as the overhead section does, from a seed of their own.
    private static BenchScenario Scenario(BenchOptions options, ExecutionPlan plan, int run) =>
        BenchScenario.Draw(plan, options.Seed + run, options.MinSeconds, options.MaxSeconds);

    /// <summary>
    /// The bench's own check of <see cref="LongestPath"/>: with every pipeline one second long the
    /// heaviest chain counts its components, which the planner computed on its own (depth + 1);
    /// and no chain can outweigh the stage barriers, the longest pipeline of each stage summed.
    /// </summary>
    private static void CheckLongestPath(ExecutionPlan plan)
    {
        var components = plan.Stages.SelectMany(s => s.Components).ToList();
        var unit = LongestPath.Of(plan, components.ToDictionary(c => c.Name, _ => 1.0));
        var deepest = components.Max(c => c.Depth) + 1;
        var byName = components.ToDictionary(c => c.Name);
        var chained = unit.Components.Zip(unit.Components.Skip(1)).All(p => byName[p.Second].Dependencies.Contains(p.First));
        if (unit.Seconds != deepest || unit.Components.Count != deepest || !chained)
        {
            throw new InvalidOperationException($"longest path check failed: {unit.Seconds} components on it, the planner's depth says {deepest}");
        }

        var random = new Random(1);
        var drawn = components.ToDictionary(c => c.Name, _ => random.NextDouble());
        if (LongestPath.Of(plan, drawn).Seconds > plan.Stages.Sum(s => s.Components.Max(c => drawn[c.Name])) + 1e-9)
        {
            throw new InvalidOperationException("longest path check failed: longer than the stage barriers' sum");
        }
    }

    private static double CappedFloor(GraphMeasurement m, int cap) => Math.Max(m.LongestPathSeconds, m.TotalPipelineSeconds / cap);

    private static async Task<GraphMeasurement> RunOneAsync(
        string label, BenchScenario scenario, double timeScale, int seed, ReleaseSchedule schedule, int? maxParallel, TextWriter log)
    {
        var m = await GraphRun.RunAsync(label, scenario, timeScale, seed, schedule, maxParallel);
        var cap = maxParallel is { } n ? $", max-parallel {n}" : "";
        log.WriteLine(
            $"  {label}{cap} (time scale {timeScale.ToString(CultureInfo.InvariantCulture)}): {m.Outcome}, schedule reported {m.ReportedSchedule ?? "(none)"}, "
            + $"wall {m.WallSeconds:F2} s, longest path {m.LongestPathSeconds:F2} s ({m.LongestPath.Count} components), stage sum {m.StageSumSeconds:F2} s, "
            + $"wall/longest {m.OverLongestPath:F3}, wall/stage sum {m.OverStageSum:F3}, early starts {m.EarlyStarts}, max in flight {m.MaxPipelinesInFlight}, "
            + $"start after gate p50/p95/max {Percentiles.Of(m.StartGapsSeconds, 50):F3}/{Percentiles.Of(m.StartGapsSeconds, 95):F3}/{(m.StartGapsSeconds.Count > 0 ? m.StartGapsSeconds.Max() : double.NaN):F3} s, "
            + $"realized chain {m.RealizedChain.Count} components, {m.ChainWorkSeconds:F2} s of pipelines + head {m.HeadSeconds:F3} + gaps {m.ChainGapSeconds:F3} + tail {m.TailSeconds:F3} s, "
            + $"release history {m.ReleaseHistoryEvents} events, load average {Machine.LoadAverage()}");
        log.WriteLine($"    realized chain: {string.Join(" ", m.RealizedChain.Select((c, i) => i == 0 ? c : $"(+{m.ChainGapsSeconds[i - 1]:F3} s) {c}"))}");
        log.WriteLine($"    start after its gate, by hop: {m.Hops.Describe()}; after the last component: {m.TailActivities.Count} activities ({string.Join(", ", m.TailActivities.Distinct())})");
        return m;
    }
}
