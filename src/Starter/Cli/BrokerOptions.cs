using System.CommandLine;
using Release.Events.RabbitMq;

namespace Release.Starter.Cli;

/// <summary>
/// The options of the commands that reach the events broker (<c>events tail</c>, <c>triggers run</c>):
/// the same variables as the worker, checked before connecting, and one way to say the broker is away.
/// </summary>
internal sealed class BrokerOptions
{
    public const string BrokerVariable = "RELEASE_EVENTS_RABBITMQ";
    public const string ExchangeVariable = "RELEASE_EVENTS_EXCHANGE";

    public Option<string?> Broker { get; } = new("--broker") { Description = $"The broker, amqp://user:password@host:5672/vhost (env {BrokerVariable}).", HelpName = "url" };

    public Option<string?> Exchange { get; } = new("--exchange")
    {
        Description = $"The exchange events are published to (env {ExchangeVariable}, as the worker; default {RabbitMqEventPublisher.DefaultExchange}).",
    };

    public IEnumerable<Option> All => [Broker, Exchange];

    /// <param name="purpose">What the broker is for, e.g. "to follow".</param>
    public Uri BrokerUrl(ParseResult parsed, CliConsole console, string purpose)
    {
        var url = parsed.GetValue(Broker) ?? console.Environment(BrokerVariable)
            ?? throw CliException.Usage($"no broker {purpose}: give --broker amqp://host:5672/ or set {BrokerVariable}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            // Not echoed: the URL may hold a password.
            throw CliException.Usage("--broker is not an amqp:// or amqps:// URL; give one like amqp://guest:guest@localhost:5672/");
        }

        return uri;
    }

    public string ExchangeOf(ParseResult parsed, CliConsole console) =>
        parsed.GetValue(Exchange) ?? console.Environment(ExchangeVariable) ?? RabbitMqEventPublisher.DefaultExchange;

    public static bool IsUnreachable(Exception e) =>
        e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException;

    /// <summary>The broker is away: one line naming the host only (the URL may hold a password).</summary>
    /// <param name="what">What could not be done, e.g. "consume events".</param>
    public static CliException Unreachable(Uri broker, Exception e, string what) =>
        new($"cannot {what} at {broker.Host}:{broker.Port}: {Root(e).Message}; check the broker URL and that RabbitMQ is up", ExitCodes.TemporalUnavailable);

    private static Exception Root(Exception e) => e.InnerException is { } inner ? Root(inner) : e;
}
