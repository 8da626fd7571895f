using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Release.Events.RabbitMq;

/// <summary>
/// Consumes release events for the triggers file from a durable queue bound to the events exchange
/// (<c>*.&lt;type&gt;</c> per type), with manual acks: a message is acked only once its handler
/// says it is done, so a consumer that stops or dies first leaves it to the broker to redeliver.
/// </summary>
/// <remarks>
/// The handler decides: <see cref="TriggerDeliveryOutcome.Done"/> (handled, or never handleable:
/// a malformed message is acked, not redelivered forever) or <see cref="TriggerDeliveryOutcome.Retry"/>
/// (Temporal unreachable: nacked with requeue after <see cref="RetryDelay"/>, so nothing is lost).
/// A handler that throws counts as a retry. Messages are handled one at a time, in order.
/// </remarks>
public sealed class RabbitMqTriggerConsumer(Uri broker, string exchange, string queue, IReadOnlyList<string> types)
{
    public const string DefaultQueue = "release.triggers";

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Unacked messages the broker sends ahead; small, since each may wait on Temporal.</summary>
    public ushort Prefetch { get; init; } = 4;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The routing pattern of one event type, for every product.</summary>
    public static string Binding(string type) => $"*.{type}";

    /// <summary>The durable queue and its bindings; declaring again with the same arguments is a no-op.</summary>
    public static async Task DeclareAsync(IChannel channel, string exchange, string queue, IEnumerable<string> types, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(types);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var type in types)
        {
            await channel.QueueBindAsync(queue, exchange, Binding(type), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consumes until cancelled. A message being handled when cancelled is neither acked nor nacked: the broker gets it back when the channel closes.</summary>
    /// <param name="ready">Called once consuming: events on the bound types are handled from then on.</param>
    /// <param name="log">One line for what the handler cannot say itself (a failed ack, a handler that threw).</param>
    public async Task RunAsync(
        Func<TriggerDelivery, CancellationToken, Task<TriggerDeliveryOutcome>> handle, Action<string> log, Action? ready = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(log);
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "release-triggers" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeclareAsync(channel, exchange, queue, types, cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, delivery, handle, log, cancellationToken);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        ready?.Invoke();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: closing the channel returns every unacked message to the queue.
        }
    }

    private async Task OnReceivedAsync(
        IChannel channel, BasicDeliverEventArgs delivery, Func<TriggerDelivery, CancellationToken, Task<TriggerDeliveryOutcome>> handle, Action<string> log, CancellationToken cancellationToken)
    {
        var received = Decode(delivery);
        TriggerDeliveryOutcome outcome;
        try
        {
            outcome = await handle(received, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            log($"message {received.MessageId}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}; requeued");
            outcome = TriggerDeliveryOutcome.Retry;
        }

        // Stopped while handling: leave the message unacked, so it is redelivered rather than half done.
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (outcome == TriggerDeliveryOutcome.Done)
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken).ConfigureAwait(false);
                return;
            }

            // A short pause first: requeued at once, the message would come straight back while Temporal is still away.
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // The channel is gone or we are stopping: the broker redelivers the message.
        }
    }

    private static TriggerDelivery Decode(BasicDeliverEventArgs delivery)
    {
        var messageId = delivery.BasicProperties.MessageId ?? $"#{delivery.DeliveryTag}";
        try
        {
            var contentType = delivery.BasicProperties.ContentType is { } text ? new System.Net.Mime.ContentType(text) : null;
            var cloudEvent = Formatter.DecodeStructuredModeMessage(delivery.Body.ToArray(), contentType, null);
            return new TriggerDelivery(cloudEvent, null, messageId, delivery.Redelivered);
        }
        catch (Exception e)
        {
            // Anything a message's bytes make the decoder throw is that message's problem, not the consumer's.
            return new TriggerDelivery(null, $"not a structured-mode JSON CloudEvent ({e.Message.ReplaceLineEndings(" ")})", messageId, delivery.Redelivered);
        }
    }
}

/// <summary>One message from the queue: its event, or why it is not one.</summary>
/// <param name="Redelivered">The broker gave it before, to a consumer that did not ack it.</param>
public sealed record TriggerDelivery(CloudEvent? Event, string? Problem, string MessageId, bool Redelivered);

public enum TriggerDeliveryOutcome
{
    /// <summary>Ack: handled, or never handleable.</summary>
    Done,

    /// <summary>Nack with requeue, after a pause: could not be handled now (Temporal unreachable).</summary>
    Retry,
}
