using Temporalio.Api.Enums.V1;

namespace Orchestrator.Tests;

/// <summary>
/// At-least-once through a broker outage: a real RabbitMQ, stopped while a release runs and
/// started again after the release ended, gets every event of the release, counted.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class BrokerOutageTests(OrchestratorFixture fixture)
{
    [SkippableFact]
    public async Task BrokerStoppedMidRelease_TheReleaseEndsUnharmed_AndEveryEventArrivesOnceTheBrokerIsBack()
    {
        await using var broker = await OwnRabbitMqBroker.StartAsync();
        await using var queue = await BrokerQueue.CreateAsync(broker.Url);
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, events: queue.Publisher);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2"]), timeout: TimeSpan.FromSeconds(120));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].PipelineNumber is not null);

        await broker.StopAsync();
        var summary = await handle.GetResultAsync();
        Assert.Equal("succeeded", summary.Outcome);

        // The release could not wait for the broker: a delivery workflow of its own holds the rest.
        var delivery = fixture.Client.GetWorkflowHandle($"{harness.WorkflowId}/events/{handle.ResultRunId}/1");
        Assert.Equal(WorkflowExecutionStatus.Running, (await delivery.DescribeAsync()).Status);
        await broker.StartAgainAsync();
        await delivery.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var received = new PublishedEvents(await queue.DrainAsync());
        received.AssertEachValid();
        // 20 events for three released components (ReleaseEventsTests counts them type by type);
        // some may come twice (a publish whose confirm the outage cut), none may be missing.
        var distinct = received.All.DistinctBy(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(20, distinct.Count);
        Assert.Equal(3, distinct.Count(e => e.GetProperty("type").GetString() == "io.openci.ArtifactCreated"));
        Assert.Single(distinct, e => e.GetProperty("type").GetString() == "io.openci.ConfidenceLevelModified");
        await HistoryExport.SaveIfAskedAsync("release-events-handoff.json", await handle.FetchHistoryAsync());
    }
}
