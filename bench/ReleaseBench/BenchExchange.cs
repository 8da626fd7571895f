using RabbitMQ.Client;

namespace Release.ReleaseBench;

/// <summary>
/// A topic exchange of the bench's own on the broker, with a durable queue bound to every key: a
/// persistent message is confirmed only once that queue holds it, as in production where some
/// consumer's queue is bound (an exchange nothing is bound to confirms at once, and measures nothing).
/// </summary>
internal sealed class BenchExchange : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private BenchExchange(string name, IConnection connection, IChannel channel)
    {
        Name = name;
        this.connection = connection;
        this.channel = channel;
    }

    /// <summary>The exchange's name, and its queue's.</summary>
    public string Name { get; }

    public static async Task<BenchExchange> CreateAsync(Uri broker)
    {
        var name = $"release.bench.{Guid.NewGuid():N}";
        var connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "release-bench" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        // Declared as the publisher declares it, so its own declaration agrees.
        await channel.ExchangeDeclareAsync(name, ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(name, name, "#");
        return new BenchExchange(name, connection, channel);
    }

    public async Task<long> MessageCountAsync() => (await channel.QueueDeclarePassiveAsync(Name)).MessageCount;

    /// <summary>Takes every message off the queue, oldest first, and returns their message ids.</summary>
    public async Task<List<string>> DrainMessageIdsAsync()
    {
        var ids = new List<string>();
        while (await channel.BasicGetAsync(Name, autoAck: true) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId ?? "");
        }

        return ids;
    }

    public async Task PurgeAsync() => await channel.QueuePurgeAsync(Name);

    public async ValueTask DisposeAsync()
    {
        await channel.QueueDeleteAsync(Name);
        await channel.ExchangeDeleteAsync(Name);
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
