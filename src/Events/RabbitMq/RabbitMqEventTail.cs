using System.Threading.Channels;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Release.Events.RabbitMq;

/// <summary>
/// Follows the events exchange live, as <c>release events tail</c> does: a server-named, exclusive,
/// auto-deleted queue bound with a routing pattern, so following leaves nothing behind on the
/// broker and sees only what is published while it follows.
/// </summary>
public static class RabbitMqEventTail
{
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>The routing pattern for an optional product and event type: <c>product.type</c>, <c>*</c> and <c>#</c> where not given.</summary>
    public static string Binding(string? product, string? type) =>
        $"{(product is null ? "*" : RabbitMqEventPublisher.RoutingKey(product, "x")[..^2])}.{type ?? "#"}";

    /// <param name="ready">Called once the queue is bound: events published from then on are seen.</param>
    public static async IAsyncEnumerable<TailedEvent> FollowAsync(
        Uri broker, string exchange, string binding, Action? ready = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "release-events-tail" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false)).QueueName;
        await channel.QueueBindAsync(queue, exchange, binding, cancellationToken: cancellationToken).ConfigureAwait(false);
        var received = Channel.CreateUnbounded<TailedEvent>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var contentType = delivery.BasicProperties.ContentType is { } text ? new System.Net.Mime.ContentType(text) : null;
            received.Writer.TryWrite(new TailedEvent(delivery.RoutingKey, Formatter.DecodeStructuredModeMessage(delivery.Body.ToArray(), contentType, null)));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
        ready?.Invoke();
        await foreach (var tailed in received.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return tailed;
        }
    }
}

/// <summary>An event seen on the exchange, with the routing key it came with.</summary>
public sealed record TailedEvent(string RoutingKey, CloudEvent Event);
