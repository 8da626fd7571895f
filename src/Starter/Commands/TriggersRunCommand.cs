using System.CommandLine;
using Release.Events.RabbitMq;
using Release.Starter.Cli;
using Release.Starter.Releases;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release triggers run --file FILE</c>: consumes the triggers queue until Ctrl+C or SIGTERM,
/// starting the releases the file maps events to, one printed line per event.
/// </summary>
internal sealed class TriggersRunCommand : Command
{
    private const string BrokerVariable = "RELEASE_EVENTS_RABBITMQ";
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<string> file = new("--file") { Description = "The triggers file (triggers.yaml).", Required = true, HelpName = "file" };
    private readonly Option<string?> broker = new("--broker") { Description = $"The broker, amqp://user:password@host:5672/vhost (env {BrokerVariable}).", HelpName = "url" };
    private readonly Option<string?> exchange = new("--exchange") { Description = $"The exchange events are published to (env RELEASE_EVENTS_EXCHANGE, as the worker; default {RabbitMqEventPublisher.DefaultExchange})." };
    private readonly Option<string> queue = new("--queue") { Description = "The durable queue to consume; consumers sharing it share the work.", DefaultValueFactory = _ => RabbitMqTriggerConsumer.DefaultQueue };

    public TriggersRunCommand(CommonOptions common, CliConsole console)
        : base("run", "Consume release events and start the releases the triggers file maps them to.")
    {
        this.common = common;
        this.console = console;
        Add(file);
        Add(broker);
        Add(exchange);
        Add(queue);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        // Everything the user wrote is checked before connecting to anything.
        var triggers = TriggersCommand.Load(parsed.GetRequiredValue(file));
        var url = parsed.GetValue(broker) ?? console.Environment(BrokerVariable)
            ?? throw CliException.Usage($"no broker to consume from: give --broker amqp://host:5672/ or set {BrokerVariable}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw CliException.Usage("--broker is not an amqp:// or amqps:// URL; give one like amqp://guest:guest@localhost:5672/");
        }

        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var runner = new TriggerRunner(triggers, new TriggerReleaseStarter(client, connection.TaskQueue, console.Warn), console.WriteRaw);
        var queueName = parsed.GetValue(queue)!;
        var consumer = new RabbitMqTriggerConsumer(uri, ExchangeOf(parsed), queueName, triggers.Types);
        try
        {
            // The URL may hold a password: lines name the host only.
            await consumer.RunAsync(
                runner.HandleAsync,
                line => console.Error.WriteLine($"{ReleaseCli.Name}: {line}"),
                () => console.Error.WriteLine(
                    $"{ReleaseCli.Name}: consuming {queueName} at {uri.Host}:{uri.Port} ({string.Join(", ", triggers.Types.Select(RabbitMqTriggerConsumer.Binding))}); "
                    + $"{triggers.Triggers.Count} trigger{(triggers.Triggers.Count == 1 ? "" : "s")}, releases on task queue {connection.TaskQueue}"),
                cancellationToken);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            throw new CliException($"cannot consume events at {uri.Host}:{uri.Port}: {Root(e).Message}; check the broker URL and that RabbitMQ is up", ExitCodes.TemporalUnavailable);
        }

        // Stopped on request (Ctrl+C, SIGTERM): what was not acked is redelivered to the next consumer.
        return ExitCodes.Success;
    }

    private static Exception Root(Exception e) => e.InnerException is { } inner ? Root(inner) : e;

    private string ExchangeOf(ParseResult parsed) =>
        parsed.GetValue(exchange) ?? console.Environment("RELEASE_EVENTS_EXCHANGE") ?? RabbitMqEventPublisher.DefaultExchange;
}
