using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using Release.Workflows.CircleCi;

namespace Release.ReleaseBench;

/// <summary>What the fixed-interval baseline measured for one release shape.</summary>
internal sealed record NaiveMeasurement(double IntervalSeconds, int Pipelines, long StatusCalls, IReadOnlyList<double> DetectionLatencySeconds)
{
    public double WatchCallsPerPipeline => (double)StatusCalls / Pipelines;
}

/// <summary>
/// The baseline the orchestrator is compared with: stage by stage, trigger every pipeline, then
/// poll each one's workflows every N seconds until all are terminal. No Temporal, no backoff: the
/// simplest poller someone would write, given the most favourable cost (one call per poll).
/// </summary>
internal static class NaivePoller
{
    public static async Task<NaiveMeasurement> RunAsync(BenchScenario scenario, double timeScale, int seed, TimeSpan interval)
    {
        await using var simulator = await CircleCiSimulatorHost.StartAsync(
            scenario.ToSimulatorScenario(seed), new SimulatorOptions { Port = 0, TimeScale = timeScale });
        using var http = new HttpClient();
        var client = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = simulator.BaseUrl, Token = BenchScenario.Token });
        var latencies = new List<double>();
        long polls = 0;
        foreach (var stage in scenario.Plan.Stages)
        {
            var triggered = await Task.WhenAll(stage.Components.Select(c => client.TriggerPipelineAsync(c.ProjectSlug, "main")));
            var watched = await Task.WhenAll(triggered.Select(async pipeline =>
            {
                var count = 0L;
                while (true)
                {
                    await Task.Delay(interval);
                    count++;
                    var workflows = await client.GetWorkflowsAsync(pipeline.Id);
                    var terminal = workflows.Count > 0 && workflows.All(w => CircleCiValues.ParseWorkflowStatus(w.Status).IsTerminal());
                    if (terminal)
                    {
                        var stoppedAt = workflows.Max(w => w.StoppedAt!.Value);
                        return (Polls: count, Latency: (DateTimeOffset.UtcNow - stoppedAt).TotalSeconds);
                    }
                }
            }));
            polls += watched.Sum(w => w.Polls);
            latencies.AddRange(watched.Select(w => w.Latency));
        }

        return new NaiveMeasurement(interval.TotalSeconds, latencies.Count, polls, latencies);
    }
}
