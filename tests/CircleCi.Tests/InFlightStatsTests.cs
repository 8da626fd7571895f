using System.Text.Json;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>The stats' rerun counts and the most pipelines in flight at once, what --max-parallel tests check.</summary>
public sealed class InFlightStatsTests
{
    private const string Api = "gh/acme/api";
    private const string Web = "gh/acme/web";

    [Fact]
    public async Task Stats_TriggersAndReruns_CountTheMostPipelinesInFlightAtOnce()
    {
        var scenario = Of(
            (Api, Project(Workflow("build", Job("compile", 10))) with { FailFirst = 1 }),
            (Web, Project(Workflow("build", Job("compile", 10)))),
            ("gh/acme/broken", new ProjectSpec { Outcome = "errored" }));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(scenario, new SimulatorOptions { TimeProvider = clock });
        using var raw = new RawApi(sim.Host);
        var api = await sim.Client.TriggerPipelineAsync(Api, "main");
        await sim.Client.TriggerPipelineAsync(Web, "main");
        Assert.Equal(2, sim.Host.GetStats().MaxPipelinesInFlight);

        clock.AdvanceSeconds(20); // both ended; an errored pipeline ends at setup
        await sim.Client.TriggerPipelineAsync("gh/acme/broken", "main");
        clock.AdvanceSeconds(2);
        await sim.Client.TriggerPipelineAsync(Web, "main");
        Assert.Equal(2, sim.Host.GetStats().MaxPipelinesInFlight);

        // A rerun puts its ended pipeline back in flight, beside the web pipeline still running.
        var failed = await sim.SingleWorkflowAsync(api.Id);
        await raw.PostAsync($"api/v2/workflow/{failed.Id}/rerun", """{"from_failed": true}""");
        Assert.Equal(2, sim.Host.GetStats().MaxPipelinesInFlight);
        await sim.Client.TriggerPipelineAsync(Web, "main");

        var stats = sim.Host.GetStats();
        Assert.Equal(3, stats.MaxPipelinesInFlight);
        Assert.Equal(1, stats.RerunsOf(Api));
        Assert.Equal(0, stats.RerunsOf(Web));
        using var http = new HttpClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.Host.RootUrl, "_simulator/stats")));
        Assert.Equal(3, json.RootElement.GetProperty("max_pipelines_in_flight").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("reruns").GetProperty(Api).GetInt64());

        sim.Host.Reset();
        Assert.Equal(0, sim.Host.GetStats().MaxPipelinesInFlight);
        Assert.Empty(sim.Host.GetStats().Reruns);
    }
}
