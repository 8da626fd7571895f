using System.Diagnostics;
using Release.CircleCiSimulator;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.ReleaseBench;

/// <summary>What one kill cost: the activities it interrupted, and how long until they all ran again.</summary>
/// <param name="PauseSeconds">From the kill until every activity attempt the killed process held (all
/// of them, for the dev server) had finished or been started again on a live worker.</param>
internal sealed record KillMeasurement(int Number, string Target, double AtSeconds, IReadOnlyList<string> Interrupted, double PauseSeconds);

/// <summary>
/// Goal 9: a release under CircleCI faults while workers (two, as in production) and the dev
/// server are SIGKILLed at random moments, with the real activity timeouts (they are not scaled).
/// Every other kill aims at a worker that holds a running activity, the case that costs a timeout.
/// </summary>
internal static class ChaosSection
{
    private static readonly FaultSpec Faults = new()
    {
        RateLimitRate = 0.1,
        RetryAfterSeconds = 1,
        ServerErrorRate = 0.05,
        SlowRate = 0.2,
        SlowDelayMs = 2000,
        LostTriggerRate = 0.3,
    };

    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        var chaosPlan = FirstComponents(plan, options.ChaosComponents);
        var scenario = BenchScenario.Draw(chaosPlan, options.Seed, options.MinSeconds, options.MaxSeconds) with { Faults = Faults };
        var database = Path.Combine(Path.GetTempPath(), $"release-bench-chaos-{Guid.NewGuid():N}.db");
        var kills = new List<KillMeasurement>();
        ReleaseSummary summary;
        SimulatorStatsSnapshot stats;
        var clock = Stopwatch.StartNew();
        await using (var stack = await BenchStack.StartAsync(scenario, options.ChaosTimeScale, options.Seed, webhooks: false, database, workerCount: 2))
        {
            var settings = new ReleaseSettings(Branch: "main", Watch: ReleaseRun.Scaled(WatchSettings.Default, options.ChaosTimeScale));
            var handle = await stack.Client.StartWorkflowAsync(
                (ReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput(chaosPlan, settings)), ReleaseWorkflowOptions.For(chaosPlan, stack.TaskQueue));
            var result = ResultAsync(stack, handle.Id);
            var random = new Random(options.Seed);
            var serverKill = options.ChaosKills / 2;
            for (var n = 1; n <= options.ChaosKills && !result.IsCompleted; n++)
            {
                await Task.WhenAny(result, Task.Delay(TimeSpan.FromSeconds(2 + (8 * random.NextDouble()))));
                if (result.IsCompleted)
                {
                    break;
                }

                var kill = await KillAsync(stack, handle.Id, n, n == serverKill, aimAtActivity: n % 2 == 0, random, clock);
                kills.Add(kill);
                log.WriteLine($"  kill {n}: {kill.Target} at {kill.AtSeconds:F0} s, interrupted {kill.Interrupted.Count} activities ({string.Join(", ", kill.Interrupted)}), pause {kill.PauseSeconds:F1} s");
            }

            summary = await result;
            stats = stack.Simulator.GetStats();
        }

        File.Delete(database);
        var wall = clock.Elapsed.TotalSeconds;
        var triggers = stats.Triggers.Values.ToList();
        var components = chaosPlan.Stages.Sum(s => s.Components.Count);
        var exactlyOnce = triggers.Count == components && triggers.All(t => t == 1);
        log.WriteLine($"  chaos release: {summary.Outcome} in {wall:F0} s, {kills.Count} kills, faults {string.Join(", ", stats.Faults.Select(f => $"{f.Key} {f.Value}"))}, one trigger each: {exactlyOnce}");
        var interrupting = kills.Where(k => k.Interrupted.Count > 0).Select(k => k.PauseSeconds).ToList();
        return (
            [
                Figure.Over($"9. chaos, {components} components: release succeeded", "bool", [summary.Outcome == StageOutcomes.Succeeded ? 1 : 0], "1", v => v == 1),
                Figure.Over("   every component triggered exactly once", "bool", [exactlyOnce ? 1 : 0], "1", v => v == 1),
                Figure.Over("   kills (workers and one dev server)", "kills", [kills.Count]),
                Figure.Over("   kills that interrupted an activity", "kills", [interrupting.Count]),
                Figure.Over("   longest pause after a kill", "s", [kills.Count == 0 ? 0 : kills.Max(k => k.PauseSeconds)], "< 45", v => v < 45),
                Figure.Over("   pause after a kill that interrupted an activity", "s", interrupting.Count == 0 ? [0] : interrupting),
                Figure.Over("   chaos release wall time", "s", [wall]),
            ],
            new { kills, wall, outcome = summary.Outcome, reason = summary.Reason, faults = stats.Faults, triggers = stats.Triggers });
    }

    private static async Task<KillMeasurement> KillAsync(
        BenchStack stack, string releaseId, int number, bool server, bool aimAtActivity, Random random, Stopwatch clock)
    {
        var running = await RunningActivities.OfAsync(stack.Client, releaseId);
        var victim = random.Next(stack.Workers.Count);
        var aimed = running.FirstOrDefault(a => stack.Workers.Any(w => a.Worker.StartsWith(w.IdentityPrefix, StringComparison.Ordinal)));
        for (var look = Stopwatch.StartNew(); aimAtActivity && !server && aimed is null && look.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(50);
            running = await RunningActivities.OfAsync(stack.Client, releaseId);
            aimed = running.FirstOrDefault(a => stack.Workers.Any(w => a.Worker.StartsWith(w.IdentityPrefix, StringComparison.Ordinal)));
        }

        if (aimAtActivity && aimed is not null)
        {
            victim = stack.Workers.ToList().FindIndex(w => aimed.Worker.StartsWith(w.IdentityPrefix, StringComparison.Ordinal));
        }

        var prefix = stack.Workers[victim].IdentityPrefix;
        var interrupted = server ? running : running.Where(a => a.Worker.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var at = clock.Elapsed.TotalSeconds;
        var since = Stopwatch.StartNew();
        if (server)
        {
            await stack.RestartServerAsync();
        }
        else
        {
            stack.KillWorker(victim);
        }

        foreach (var activity in interrupted)
        {
            while (!await MovedOnAsync(stack, activity) && since.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(200);
            }
        }

        return new KillMeasurement(number, server ? "dev server" : $"worker {victim + 1}", at, interrupted.Select(a => a.Type).ToList(), since.Elapsed.TotalSeconds);
    }

    private static async Task<bool> MovedOnAsync(BenchStack stack, RunningActivity activity)
    {
        try
        {
            return await RunningActivities.MovedOnAsync(stack.Client, activity);
        }
        catch (RpcException)
        {
            return false;
        }
    }

    // The dev server restarts under it: each RPC failure means asking again on the current client.
    private static async Task<ReleaseSummary> ResultAsync(BenchStack stack, string releaseId)
    {
        while (true)
        {
            try
            {
                return await stack.Client.GetWorkflowHandle<ReleaseWorkflow, ReleaseSummary>(releaseId).GetResultAsync();
            }
            catch (RpcException)
            {
                await Task.Delay(500);
            }
            catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException { Details.Count: > 0 } failure)
            {
                return failure.Details.ElementAt<ReleaseSummary>(0);
            }
        }
    }

    /// <summary>The plan's first stages, the last one cut, so the release has exactly this many components.</summary>
    private static ExecutionPlan FirstComponents(ExecutionPlan plan, int count)
    {
        var stages = new List<PlannedStage>();
        foreach (var stage in plan.Stages)
        {
            var left = count - stages.Sum(s => s.Components.Count);
            if (left <= 0)
            {
                break;
            }

            stages.Add(stage with { Components = stage.Components.Take(left).ToList() });
        }

        return plan with { ReleaseName = "chaos", Stages = stages };
    }
}
