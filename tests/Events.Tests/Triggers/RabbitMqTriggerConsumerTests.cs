using System.Threading.Channels;
using RabbitMQ.Client;
using Release.Events.RabbitMq;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests.Triggers;

/// <summary>
/// The trigger consumer against the real broker (<c>RELEASE_TEST_RABBITMQ</c>): bound to its
/// types only, acks what its handler is done with, requeues what it must retry, and acks a
/// message that is no CloudEvent rather than see it again and again.
/// </summary>
public sealed class RabbitMqTriggerConsumerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task RunAsync_RetryThenDone_RedeliveredOnceThenAcked_OtherTypesNeverSeen()
    {
        await using var broker = await BrokerQueue.CreateAsync([CdEventTypes.PipelineRunStarted]);
        var mapper = new CdEventsMapper(SampleTransitions.Source);
        var events = mapper.Map(SampleTransitions.Of(TransitionKind.ReleaseQueued)).Concat(mapper.Map(SampleTransitions.Of(TransitionKind.ReleaseStarted))).ToList();
        var wanted = events.Single(e => e.Type == CdEventTypes.PipelineRunStarted);
        using var stop = new CancellationTokenSource(Patience);
        var seen = Channel.CreateUnbounded<TriggerDelivery>();
        var run = broker.Consumer.RunAsync(
            async (delivery, cancellationToken) =>
            {
                seen.Writer.TryWrite(delivery);
                return delivery.Event?.Id == Marker ? await Hold(cancellationToken)
                    : delivery.Redelivered ? TriggerDeliveryOutcome.Done : TriggerDeliveryOutcome.Retry;
            },
            line => Assert.Fail(line),
            cancellationToken: stop.Token);
        await using var publisher = new RabbitMqEventPublisher(broker.Url, broker.Exchange);

        await publisher.PublishAsync("shop", events, stop.Token);
        var first = await seen.Reader.ReadAsync(stop.Token);
        var second = await seen.Reader.ReadAsync(stop.Token);
        await publisher.PublishAsync("shop", [MarkerEvent(CdEventTypes.PipelineRunStarted)], stop.Token);
        var third = await seen.Reader.ReadAsync(stop.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal((wanted.Id, false), (first.Event?.Id, first.Redelivered));
        Assert.Equal((wanted.Id, true), (second.Event?.Id, second.Redelivered));
        Assert.Equal(Marker, third.Event?.Id);
        Assert.Equal(1u, await broker.ReadyAfterStopAsync());
    }

    [SkippableFact]
    public async Task RunAsync_NotACloudEvent_HandlerToldWhyAndAcked()
    {
        await using var broker = await BrokerQueue.CreateAsync(["x.y"]);
        using var stop = new CancellationTokenSource(Patience);
        var seen = Channel.CreateUnbounded<TriggerDelivery>();
        var run = broker.Consumer.RunAsync(
            async (delivery, cancellationToken) =>
            {
                seen.Writer.TryWrite(delivery);
                return delivery.Event?.Id == Marker ? await Hold(cancellationToken) : TriggerDeliveryOutcome.Done;
            },
            line => Assert.Fail(line),
            cancellationToken: stop.Token);

        await broker.Channel.BasicPublishAsync(broker.Exchange, "shop.x.y", true, new BasicProperties { MessageId = "m-1", ContentType = "application/json" }, "{not json"u8.ToArray(), stop.Token);
        var delivery = await seen.Reader.ReadAsync(stop.Token);
        await using (var publisher = new RabbitMqEventPublisher(broker.Url, broker.Exchange))
        {
            await publisher.PublishAsync("shop", [MarkerEvent("x.y")], stop.Token);
        }

        var next = await seen.Reader.ReadAsync(stop.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal(("m-1", null), (delivery.MessageId, delivery.Event));
        Assert.StartsWith("not a structured-mode JSON CloudEvent", delivery.Problem, StringComparison.Ordinal);
        Assert.Equal(Marker, next.Event?.Id);
        Assert.Equal(1u, await broker.ReadyAfterStopAsync());
    }

    private const string Marker = "marker";

    // With a prefetch of 1 the broker sends the marker only once every earlier message was acked or
    // nacked; held until the consumer stops, the marker is the one message it gives back.
    private static CloudNative.CloudEvents.CloudEvent MarkerEvent(string type) => new()
    {
        Id = Marker,
        Source = SampleTransitions.Source,
        Type = type,
        DataContentType = "application/json",
        Data = new System.Text.Json.Nodes.JsonObject(),
    };

    private static async Task<TriggerDeliveryOutcome> Hold(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return TriggerDeliveryOutcome.Done;
    }

    private sealed class BrokerQueue : IAsyncDisposable
    {
        private BrokerQueue(Uri url, IConnection connection, IChannel channel, IReadOnlyList<string> types)
        {
            Url = url;
            Connection = connection;
            Channel = channel;
            Consumer = new RabbitMqTriggerConsumer(url, Exchange, Queue, types) { Prefetch = 1, RetryDelay = TimeSpan.FromMilliseconds(50) };
        }

        public RabbitMqTriggerConsumer Consumer { get; }

        public Uri Url { get; }

        public IConnection Connection { get; }

        public IChannel Channel { get; }

        public string Exchange { get; } = $"release.events.consumer-{Guid.NewGuid():N}";

        public string Queue { get; } = $"release.triggers-{Guid.NewGuid():N}";

        /// <summary>Messages back in the queue once the consumer stopped: what it had not acked.</summary>
        public async Task<uint> ReadyAfterStopAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            uint ready;
            while ((ready = (await Channel.QueueDeclarePassiveAsync(Queue, timeout.Token)).MessageCount) == 0)
            {
                await Task.Delay(50, timeout.Token);
            }

            return ready;
        }

        /// <summary>The queue is declared and bound before anything is published, so nothing is routed to nowhere.</summary>
        public static async Task<BrokerQueue> CreateAsync(IReadOnlyList<string> types)
        {
            var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
            Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
            Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first (RELEASE_TEST_RABBITMQ=skip skips these tests)");
            var connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
            var queue = new BrokerQueue(new Uri(url), connection, await connection.CreateChannelAsync(), types);
            await RabbitMqTriggerConsumer.DeclareAsync(queue.Channel, queue.Exchange, queue.Queue, types);
            return queue;
        }

        public async ValueTask DisposeAsync()
        {
            await Channel.QueueDeleteAsync(Queue);
            await Channel.ExchangeDeleteAsync(Exchange);
            await Channel.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
