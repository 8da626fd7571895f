using System.Text.RegularExpressions;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;

namespace Release.Events.RabbitMq;

/// <summary>
/// Publishes CloudEvents to a durable topic exchange, one persistent message each (structured
/// mode JSON, the event's id as the message id), and waits for the broker's confirm of every
/// message (up to 64 awaited at once, in order): a publish that returns was taken by the broker. Routing key
/// <c>&lt;product&gt;.&lt;event type&gt;</c>, so a consumer binds to one product, one type, or both.
/// </summary>
/// <remarks>
/// Failures (broker down, nack) are thrown; the caller (an activity) retries, and since each
/// event's id is fixed by its transition, a retry republishes the same ids for consumers to drop.
/// </remarks>
public sealed partial class RabbitMqEventPublisher(Uri broker, string exchange = RabbitMqEventPublisher.DefaultExchange) : IEventSink, IAsyncDisposable
{
    public const string DefaultExchange = "release.events";

    // Below the events activity's 30 s timeout, so a broker that does not answer fails the attempt
    // with a reason instead of timing it out.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    // The client lets 128 confirms be outstanding on a channel, and holds each publish beyond half
    // of them back for up to a second: 64 at once never waits, nor reorders.
    private const int ConfirmWindow = 64;
    private static readonly JsonEventFormatter Formatter = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private IChannel? channel;

    public async Task PublishAsync(string product, IEnumerable<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var open = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var unconfirmed = new List<Task>(ConfirmWindow);
            foreach (var cloudEvent in events)
            {
                var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType);
                var properties = new BasicProperties
                {
                    Persistent = true,
                    ContentType = contentType.ToString(),
                    MessageId = cloudEvent.Id,
                    Type = cloudEvent.Type,
                };
                // With confirmation tracking on, this completes once the broker confirmed the message and throws on a nack.
                // The client sends each message under its channel's lock as soon as it is called, so messages go out in
                // call order while their confirms are awaited together: one round trip per window, not per message.
                unconfirmed.Add(open.BasicPublishAsync(exchange, RoutingKey(product, cloudEvent.Type!), mandatory: false, properties, body, cancellationToken).AsTask());
                if (unconfirmed.Count == ConfirmWindow)
                {
                    await Task.WhenAll(unconfirmed).ConfigureAwait(false);
                    unconfirmed.Clear();
                }
            }

            await Task.WhenAll(unconfirmed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A broken connection is not reused: the next attempt opens a new one.
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    public string Describe() => $"the RabbitMQ exchange {exchange} at {Redacted(broker)}";

    /// <summary>The broker URL without its password.</summary>
    public static string Redacted(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) ? url.ToString() : new UriBuilder(url) { Password = "" }.Uri.ToString().Replace(":@", "@", StringComparison.Ordinal);

    /// <summary><c>apim.dev.cdevents.pipelinerun.started.0.2.0</c>: the product as one lower-case word, then the type.</summary>
    public static string RoutingKey(string product, string type) =>
        $"{NotAWord().Replace(product.ToLowerInvariant(), "-").Trim('-')}.{type}";

    private async Task<IChannel> OpenAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }

        await CloseAsync().ConfigureAwait(false);
        var factory = new ConnectionFactory
        {
            Uri = broker,
            ClientProvidedName = "release-events",
            RequestedConnectionTimeout = ConnectTimeout,
            ContinuationTimeout = ConnectTimeout,
            // This class reconnects on the next publish; the client's own recovery would race it.
            AutomaticRecoveryEnabled = false,
        };
        connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        return channel;
    }

    private async Task CloseAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            channel = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    // Dots separate routing-key words: a product name's dots, spaces and the like become dashes.
    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotAWord();
}
