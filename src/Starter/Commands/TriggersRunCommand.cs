using System.CommandLine;
using Release.Events.RabbitMq;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release triggers run --file FILE</c>: consumes the triggers queue until Ctrl+C or SIGTERM,
/// starting the releases the file maps events to, one printed line per event.
/// </summary>
internal sealed class TriggersRunCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<string> file = new("--file") { Description = "The triggers file (triggers.yaml).", Required = true, HelpName = "file" };
    private readonly BrokerOptions brokerOptions = new();
    private readonly Option<string> queue = new("--queue") { Description = "The durable queue to consume; consumers sharing it share the work.", DefaultValueFactory = _ => RabbitMqTriggerConsumer.DefaultQueue };

    public TriggersRunCommand(CommonOptions common, CliConsole console)
        : base("run", "Consume release events and start the releases the triggers file maps them to.")
    {
        this.common = common;
        this.console = console;
        Add(file);
        foreach (var option in brokerOptions.All)
        {
            Add(option);
        }

        Add(queue);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        // Everything the user wrote is checked before connecting to anything.
        var triggers = TriggersCommand.Load(parsed.GetRequiredValue(file));
        var uri = brokerOptions.BrokerUrl(parsed, console, "to consume from");

        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var runner = new TriggerRunner(triggers, new TriggerReleaseStarter(client, connection.TaskQueue, console.Warn), console.WriteRaw);
        var queueName = parsed.GetValue(queue)!;
        var consumer = new RabbitMqTriggerConsumer(uri, brokerOptions.ExchangeOf(parsed, console), queueName, triggers.Types);
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
        catch (Exception e) when (BrokerOptions.IsUnreachable(e))
        {
            throw BrokerOptions.Unreachable(uri, e, "consume events");
        }

        // Stopped on request (Ctrl+C, SIGTERM): what was not acked is redelivered to the next consumer.
        return ExitCodes.Success;
    }
}
