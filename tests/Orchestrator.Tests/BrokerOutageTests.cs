using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;
using Release.Events.RabbitMq;
using Temporalio.Api.Enums.V1;

namespace Orchestrator.Tests;

/// <summary>
/// At-least-once through a broker outage: a real RabbitMQ, stopped while a release runs and
/// started again after the release ended, gets every event of the release, counted.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class BrokerOutageTests(OrchestratorFixture fixture)
{
    private static readonly JsonEventFormatter Formatter = new();

    [SkippableFact]
    public async Task BrokerStoppedMidRelease_TheReleaseEndsUnharmed_AndEveryEventArrivesOnceTheBrokerIsBack()
    {
        await using var broker = await OwnRabbitMqBroker.StartAsync();
        var queue = await DeclareQueueForEverythingAsync(broker.Url);
        await using var publisher = new RabbitMqEventPublisher(broker.Url);
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, events: publisher);
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

        var received = new PublishedEvents(await DrainAsync(broker.Url, queue));
        received.AssertEachValid();
        // 20 events for three released components (ReleaseEventsTests counts them type by type);
        // some may come twice (a publish whose confirm the outage cut), none may be missing.
        var distinct = received.All.DistinctBy(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(20, distinct.Count);
        Assert.Equal(3, distinct.Count(e => e.GetProperty("type").GetString() == "io.openci.ArtifactCreated"));
        Assert.Single(distinct, e => e.GetProperty("type").GetString() == "io.openci.ConfidenceLevelModified");
        await HistoryExport.SaveIfAskedAsync("release-events-handoff.json", await handle.FetchHistoryAsync());
    }

    private static async Task<string> DeclareQueueForEverythingAsync(Uri broker)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(RabbitMqEventPublisher.DefaultExchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("outage-test", durable: true, exclusive: false, autoDelete: false)).QueueName;
        await channel.QueueBindAsync(queue, RabbitMqEventPublisher.DefaultExchange, "#");
        return queue;
    }

    private static async Task<List<CloudEvent>> DrainAsync(Uri broker, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var received = new List<CloudEvent>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            received.Add(Formatter.DecodeStructuredModeMessage(message.Body, new ContentType(message.BasicProperties.ContentType!), null));
        }

        return received;
    }
}
