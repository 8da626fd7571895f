using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;
using Release.Events.RabbitMq;

namespace Release.Events.Tests;

/// <summary>
/// Publishing to the real RabbitMQ broker <c>.ci/run</c> starts (<c>RELEASE_TEST_RABBITMQ</c>):
/// durable, confirmed, routed by product and type, readable back as the same CloudEvents.
/// </summary>
public sealed class RabbitMqEventPublisherTests
{
    [Fact]
    public void RoutingKey_ProductAsOneWordThenTheType() =>
        Assert.Equal("gravitee-io-apim.dev.cdevents.pipelinerun.started.0.2.0", RabbitMqEventPublisher.RoutingKey("Gravitee.io APIM", "dev.cdevents.pipelinerun.started.0.2.0"));

    [SkippableFact]
    public async Task PublishAsync_EveryTransition_ReachesABoundQueueAsPersistentMessagesOfTheSameEvents()
    {
        var broker = Broker();
        var exchange = $"release.events.test-{Guid.NewGuid():N}";
        var cdEvents = new CdEventsMapper(SampleTransitions.Source);
        var published = SampleTransitions.All().SelectMany(cdEvents.Map).ToList();
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync($"{exchange}.all", durable: true, exclusive: false, autoDelete: false)).QueueName;
        var taskRuns = (await channel.QueueDeclareAsync($"{exchange}.taskruns", durable: true, exclusive: false, autoDelete: false)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "shop.#");
        await channel.QueueBindAsync(taskRuns, exchange, "shop.dev.cdevents.taskrun.#");
        try
        {
            await using (var publisher = new RabbitMqEventPublisher(broker, exchange))
            {
                await publisher.PublishAsync("shop", published);
            }

            var formatter = new JsonEventFormatter();
            foreach (var expected in published)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: true);
                Assert.NotNull(message);
                Assert.Equal(expected.Id, message.BasicProperties.MessageId);
                Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
                Assert.Equal(RabbitMqEventPublisher.RoutingKey("shop", expected.Type!), message.RoutingKey);
                var read = formatter.DecodeStructuredModeMessage(message.Body, new System.Net.Mime.ContentType(message.BasicProperties.ContentType!), null);
                Assert.Equal((expected.Id, expected.Type, expected.Time), (read.Id, read.Type, read.Time));
            }

            Assert.Null(await channel.BasicGetAsync(queue, autoAck: true));
            Assert.Equal((uint)published.Count(e => e.Type!.StartsWith("dev.cdevents.taskrun.", StringComparison.Ordinal)), await channel.MessageCountAsync(taskRuns));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
            await channel.QueueDeleteAsync(taskRuns);
            await channel.ExchangeDeleteAsync(exchange);
        }
    }

    [SkippableFact]
    public async Task PublishAsync_NoBrokerThere_Throws_ThenWorksOnceOneAnswers()
    {
        await using var nowhere = new RabbitMqEventPublisher(new Uri("amqp://guest:guest@127.0.0.1:9/"));
        var events = new CdEventsMapper(SampleTransitions.Source).Map(SampleTransitions.All().First());

        await Assert.ThrowsAnyAsync<Exception>(() => nowhere.PublishAsync("shop", events));
        await using var broker = new RabbitMqEventPublisher(Broker(), $"release.events.test-{Guid.NewGuid():N}");
        await broker.PublishAsync("shop", events);
    }

    [Fact]
    public void Binding_ProductAndTypeOptional() =>
        Assert.Equal(["*.#", "gravitee-io-apim.#", "*.dev.cdevents.taskrun.started.0.2.0"],
            [RabbitMqEventTail.Binding(null, null), RabbitMqEventTail.Binding("Gravitee.io APIM", null), RabbitMqEventTail.Binding(null, "dev.cdevents.taskrun.started.0.2.0")]);

    [SkippableFact]
    public async Task FollowAsync_SeesWhatIsPublishedWhileFollowing_OnlyOfItsBinding()
    {
        var broker = Broker();
        var exchange = $"release.events.test-{Guid.NewGuid():N}";
        var events = SampleTransitions.All().SelectMany(new CdEventsMapper(SampleTransitions.Source).Map).ToList();
        var taskRunStarted = events.Where(e => e.Type == "dev.cdevents.taskrun.started.0.2.0").ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var bound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<TailedEvent>();
        var follow = Task.Run(async () =>
        {
            await foreach (var tailed in RabbitMqEventTail.FollowAsync(broker, exchange, RabbitMqEventTail.Binding("shop", "dev.cdevents.taskrun.started.0.2.0"), bound.SetResult, timeout.Token))
            {
                seen.Add(tailed);
                if (seen.Count == taskRunStarted.Count)
                {
                    return;
                }
            }
        });
        await bound.Task.WaitAsync(timeout.Token);

        await using (var publisher = new RabbitMqEventPublisher(broker, exchange))
        {
            await publisher.PublishAsync("other-product", taskRunStarted);
            await publisher.PublishAsync("shop", events);
        }

        await follow.WaitAsync(timeout.Token);
        Assert.Equal(taskRunStarted.Select(e => e.Id), seen.Select(s => s.Event.Id));
        Assert.All(seen, s => Assert.Equal("shop.dev.cdevents.taskrun.started.0.2.0", s.RoutingKey));
    }

    // Never skipped silently: without a broker these tests fail and say how to get one.
    private static Uri Broker()
    {
        var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
        Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
        Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first (RELEASE_TEST_RABBITMQ=skip skips these tests)");
        return new Uri(url);
    }
}
