using Release.Activities.CircleCi;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>A trigger whose answer is lost: the retry must find the pipeline rather than start a second one.</summary>
public sealed class TriggerRecoveryTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task FindRecentPipelinesAsync_AfterLostTriggerAnswer_FindsTheCreatedPipeline()
    {
        // Every trigger creates its pipeline but answers 500, as when the response is lost on the way.
        var clock = new ManualClock(ManualClock.Epoch);
        var project = Project(Workflow("build", Job("compile"))) with { Faults = new FaultSpec { LostTriggerRate = 1 } };
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock, PageSize = 2 });
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.TriggerPipelineAsync(Slug, "main"));
        }

        clock.AdvanceSeconds(600);
        var attemptStartedAt = clock.GetUtcNow();
        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => sim.Client.TriggerPipelineAsync(Slug, "main"));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, e.StatusCode);
        var listCallsBefore = sim.Host.GetStats().CallsTo("GET /api/v2/project/{vcs}/{org}/{repo}/pipeline");

        var found = await sim.Client.FindRecentPipelinesAsync(Slug, "main", attemptStartedAt);

        var pipeline = Assert.Single(found);
        Assert.Equal(6, pipeline.Number);
        Assert.Equal("api", pipeline.Trigger?.Type);
        Assert.Equal("release-bot", pipeline.Trigger?.Actor?.Login);
        Assert.Equal("main", pipeline.Vcs?.Branch);
        Assert.Equal(attemptStartedAt, pipeline.CreatedAt);
        // Newest first: the first page already reaches older pipelines, so paging stops there.
        var stats = sim.Host.GetStats();
        Assert.Equal(1, stats.CallsTo("GET /api/v2/project/{vcs}/{org}/{repo}/pipeline") - listCallsBefore);
        Assert.Equal(6, stats.TriggersOf(Slug));
        Assert.Equal(6, stats.FaultsOf("lost_trigger"));
    }

    [Fact]
    public async Task ListPipelinesAsync_BranchFilterAndPages_NewestFirst()
    {
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", Job("compile"))))));
        foreach (var branch in new[] { "main", "dev", "main", "main" })
        {
            await sim.Client.TriggerPipelineAsync(Slug, branch);
        }

        var first = await sim.Client.ListPipelinesAsync(Slug, "main");
        var second = await sim.Client.ListPipelinesAsync(Slug, "main", first.NextPageToken);

        Assert.Equal([4, 3], first.Items.Select(p => p.Number));
        Assert.Equal([1], second.Items.Select(p => p.Number));
        Assert.Null(second.NextPageToken);
    }
}
