using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;
using Release.Events.RabbitMq;

namespace Orchestrator.Tests;

/// <summary>
/// An exchange of the test's own on the shared CI broker (<c>RELEASE_TEST_RABBITMQ</c>), a publisher
/// for the worker, and a durable queue bound to everything, to read back what was published.
/// </summary>
public sealed class BrokerQueue : IAsyncDisposable
{
    private static readonly JsonEventFormatter Formatter = new();

    private BrokerQueue(Uri broker)
    {
        Broker = broker;
        Publisher = new RabbitMqEventPublisher(broker, Exchange);
    }

    public Uri Broker { get; }

    public string Exchange { get; } = $"release.events.test-{Guid.NewGuid():N}";

    public RabbitMqEventPublisher Publisher { get; }

    private string Queue => $"{Exchange}.all";

    public static async Task<BrokerQueue> CreateAsync(Uri? broker = null)
    {
        if (broker is null)
        {
            var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
            Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
            Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first (RELEASE_TEST_RABBITMQ=skip skips these tests)");
            broker = new Uri(url!);
        }

        var queue = new BrokerQueue(broker);
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(queue.Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue.Queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue.Queue, queue.Exchange, "#");
        return queue;
    }

    /// <summary>Every message the queue holds now, in order, as the CloudEvents a consumer decodes.</summary>
    public async Task<List<CloudEvent>> DrainAsync()
    {
        await using var connection = await new ConnectionFactory { Uri = Broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var received = new List<CloudEvent>();
        while (await channel.BasicGetAsync(Queue, autoAck: true) is { } message)
        {
            received.Add(Formatter.DecodeStructuredModeMessage(message.Body, new ContentType(message.BasicProperties.ContentType!), null));
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        try
        {
            await using var connection = await new ConnectionFactory { Uri = Broker }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(Queue);
            await channel.ExchangeDeleteAsync(Exchange);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            // A broker the test stopped for good: nothing left to clean.
        }
    }
}
