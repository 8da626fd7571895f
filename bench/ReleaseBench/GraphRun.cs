using System.Diagnostics;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Temporalio.Api.Enums.V1;

namespace Release.ReleaseBench;

/// <summary>What one release measured under one schedule; every time is in wall seconds.</summary>
/// <param name="ReportedSchedule">What the release's summary says it ran (null: a release workflow that does not say).</param>
/// <param name="LongestPathSeconds">The dependency graph's heaviest chain of pipeline durations, scaled: no schedule can beat it.</param>
/// <param name="StageSumSeconds">The sum of each stage's slowest pipeline, scaled: the stage barriers' floor.</param>
/// <param name="HeadSeconds">From the start call to the first pipeline of the realized chain being triggered.</param>
/// <param name="TailSeconds">From the last pipeline's end in the simulator to the release's result.</param>
/// <param name="TailActivities">The activities the release scheduled after its last component workflow closed.</param>
/// <param name="RealizedChain">From the pipeline that ended last back through what each one waited for: the chain that made the wall time.</param>
/// <param name="ChainGapsSeconds">Along the realized chain, each trigger's delay after what it waited for ended.</param>
/// <param name="StartGapsSeconds">
/// For every component that waits for others (its dependencies, or under stages every earlier
/// stage), its trigger's delay after the last of them ended: the scheduler's observation and start latency.
/// </param>
/// <param name="EarlyStarts">Components triggered before the previous stage's slowest pipeline ended: impossible with stage barriers.</param>
internal sealed record GraphMeasurement(
    string Label,
    string Outcome,
    string? ReportedSchedule,
    int? MaxParallel,
    int Components,
    double WallSeconds,
    double LongestPathSeconds,
    IReadOnlyList<string> LongestPath,
    double StageSumSeconds,
    double TotalPipelineSeconds,
    double HeadSeconds,
    double TailSeconds,
    IReadOnlyList<string> RealizedChain,
    double ChainWorkSeconds,
    IReadOnlyList<double> ChainGapsSeconds,
    IReadOnlyList<double> StartGapsSeconds,
    int EarlyStarts,
    long MaxPipelinesInFlight,
    long Triggers,
    int ReleaseHistoryEvents,
    HopBreakdown Hops,
    IReadOnlyList<string> TailActivities)
{
    public double OverLongestPath => WallSeconds / LongestPathSeconds;

    public double OverStageSum => WallSeconds / StageSumSeconds;

    public double ChainGapSeconds => ChainGapsSeconds.Sum();
}

/// <summary>
/// Runs one release of a scenario on a fresh stack under a schedule, with webhooks and the
/// bench's scaled watch settings, and reads when each pipeline started from the simulator itself.
/// </summary>
internal static class GraphRun
{
    public static async Task<GraphMeasurement> RunAsync(
        string label, BenchScenario scenario, double timeScale, int seed, ReleaseSchedule schedule, int? maxParallel)
    {
        await using var stack = await BenchStack.StartAsync(scenario with { ExtraProjects = WarmUp.Projects }, timeScale, seed, webhooks: true);
        await WaitForPollingAsync(stack.Worker);
        var settings = new ReleaseSettings(Branch: "main", Watch: ReleaseRun.Scaled(WatchSettings.Default, timeScale), Schedule: schedule, MaxParallel: maxParallel);
        await WarmUp.RunAsync(stack, settings);
        var plan = scenario.Plan;
        var components = plan.Stages.SelectMany(s => s.Components).ToList();
        var seconds = SimulatedDurations.Of(plan, stack.Simulator.Scenario).ToDictionary(d => d.Key, d => d.Value * timeScale, StringComparer.Ordinal);
        var longest = LongestPath.Of(plan, seconds);

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var handle = await stack.Client.StartWorkflowAsync(
            (ReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput(plan, settings)), ReleaseWorkflowOptions.For(plan, stack.TaskQueue));
        var summary = await ReleaseRun.ResultAsync(handle);
        var wall = clock.Elapsed.TotalSeconds;
        var endedAt = DateTimeOffset.UtcNow;

        var slugToName = components.ToDictionary(c => c.ProjectSlug, c => c.Name, StringComparer.Ordinal);
        var triggeredAt = stack.Simulator.GetTriggeredPipelines()
            .GroupBy(p => slugToName[p.ProjectSlug])
            .ToDictionary(g => g.Key, g => g.Min(p => p.TriggeredAt), StringComparer.Ordinal);
        var endOf = triggeredAt.ToDictionary(t => t.Key, t => t.Value + TimeSpan.FromSeconds(seconds[t.Key]), StringComparer.Ordinal);

        // What a component waits for under this schedule: its dependencies, or every earlier stage.
        var waitsFor = components.ToDictionary(
            c => c.Name,
            c => schedule == ReleaseSchedule.Graph
                ? c.Dependencies
                : plan.Stages.TakeWhile(s => !s.Components.Contains(c)).SelectMany(s => s.Components).Select(p => p.Name).ToList(),
            StringComparer.Ordinal);

        // A component's delay after its gate, the one of those whose pipeline ended last.
        var gaps = components
            .Where(c => waitsFor[c.Name].Count > 0 && triggeredAt.ContainsKey(c.Name) && waitsFor[c.Name].All(endOf.ContainsKey))
            .Select(c => (triggeredAt[c.Name] - waitsFor[c.Name].Max(d => endOf[d])).TotalSeconds)
            .ToList();

        // The chain that made the wall time: from the pipeline that ended last back through each gate.
        var chain = new List<string>();
        for (var at = endOf.Count > 0 ? endOf.MaxBy(e => e.Value).Key : null; at is not null;)
        {
            chain.Insert(0, at);
            at = waitsFor[at].Where(endOf.ContainsKey).OrderByDescending(d => endOf[d]).FirstOrDefault();
        }

        var chainGaps = chain.Zip(chain.Skip(1)).Select(p => (triggeredAt[p.Second] - endOf[p.First]).TotalSeconds).ToList();
        var earlyStarts = plan.Stages.Zip(plan.Stages.Skip(1)).Sum(pair =>
            pair.First.Components.All(c => endOf.ContainsKey(c.Name))
                ? pair.Second.Components.Count(c => triggeredAt.TryGetValue(c.Name, out var t) && t < pair.First.Components.Max(p => endOf[p.Name]))
                : 0);
        var stats = stack.Simulator.GetStats();
        var history = (await stack.Client.GetWorkflowHandle(handle.Id).FetchHistoryAsync()).Events.ToList();
        var lastChild = history.FindLastIndex(e => e.EventType == EventType.ChildWorkflowExecutionCompleted);
        return new GraphMeasurement(
            label,
            summary.Outcome,
            summary.Schedule?.ToString(),
            maxParallel,
            components.Count,
            wall,
            longest.Seconds,
            longest.Components,
            plan.Stages.Sum(s => s.Components.Max(c => seconds[c.Name])),
            seconds.Values.Sum(),
            chain.Count > 0 ? (triggeredAt[chain[0]] - startedAt).TotalSeconds : double.NaN,
            endOf.Count > 0 ? (endedAt - endOf.Values.Max()).TotalSeconds : double.NaN,
            chain,
            chain.Sum(c => seconds[c]),
            chainGaps,
            gaps,
            earlyStarts,
            stats.MaxPipelinesInFlight,
            stats.Triggers.Values.Sum(),
            history.Count,
            await HopBreakdown.MeasureAsync(stack.Client, handle.Id, waitsFor, triggeredAt, endOf),
            // What the release still did after its last component closed: the tail's work.
            history.Skip(lastChild + 1).Where(e => e.EventType == EventType.ActivityTaskScheduled)
                .Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name).ToList());
    }

    /// <summary>
    /// A worker just started still loads and connects; a release started before it polls would
    /// count that as scheduling. In production the worker is already running.
    /// </summary>
    internal static async Task WaitForPollingAsync(ChildProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!worker.Output.Contains("Polling task queue", StringComparison.Ordinal))
        {
            if (worker.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the worker did not start polling: {worker.Output}");
            }

            await Task.Delay(20);
        }
    }
}
