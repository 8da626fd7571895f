using System.Text.Json;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>The simulator's counters, through the embedding API and GET /_simulator/stats.</summary>
public sealed class StatsTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task Stats_AfterCalls_CountRoutesTriggersAndMatchTheEndpoint()
    {
        var workflows = Enumerable.Range(1, 3).Select(i => Workflow($"wf-{i}", Job("build"))).ToArray();
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(workflows)), ("gh/acme/web", Project(workflows))));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        await sim.Client.TriggerPipelineAsync("gh/acme/web", "main");
        await sim.Client.TriggerPipelineAsync("gh/acme/web", "main");
        await Eventually.UntilAsync(() => sim.Client.GetWorkflowsAsync(created.Id), w => w.Count == 3);
        await sim.Client.GetPipelineAsync(created.Id);

        var stats = sim.Host.GetStats();

        Assert.Equal(1, stats.TriggersOf(Slug));
        Assert.Equal(2, stats.TriggersOf("gh/acme/web"));
        Assert.Equal(3, stats.CallsTo("POST /api/v2/project/{vcs}/{org}/{repo}/pipeline"));
        Assert.Equal(1, stats.CallsTo("GET /api/v2/pipeline/{id}"));
        Assert.True(stats.CallsTo("GET /api/v2/pipeline/{id}/workflow") >= 2);
        Assert.Empty(stats.Faults);

        using var http = new HttpClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.Host.RootUrl, "_simulator/stats")));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("calls").GetProperty("GET /api/v2/pipeline/{id}").GetInt64());
        Assert.Equal(2, root.GetProperty("triggers").GetProperty("gh/acme/web").GetInt64());
        Assert.Equal(stats.TotalCalls, root.GetProperty("total_calls").GetInt64());
    }

    [Fact]
    public async Task Reset_ClearsPipelinesAndCounters()
    {
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", Job("build"))))));
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");

        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(sim.Host.RootUrl, "_simulator/reset"), null);
        response.EnsureSuccessStatusCode();

        Assert.Equal(0, sim.Host.GetStats().TotalCalls);
        Assert.Empty(sim.Host.GetTriggeredPipelines());
        await Assert.ThrowsAsync<Activities.CircleCi.CircleCiRequestException>(() => sim.Client.GetPipelineAsync(created.Id));
        var again = await sim.Client.TriggerPipelineAsync(Slug, "main");
        Assert.Equal(1, again.Number);
    }
}
