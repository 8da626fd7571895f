using System.CommandLine;
using CloudNative.CloudEvents.SystemTextJson;
using Release.Events.RabbitMq;
using Release.Starter.Cli;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary><c>release events tail</c>: follows the release events exchange live (src/Events/README.md).</summary>
internal sealed class EventsCommand : Command
{
    public EventsCommand(CliConsole console)
        : base("events", "Release events on the RabbitMQ broker (CDEvents and seed 004 CloudEvents).") =>
        Add(new EventsTailCommand(console));
}

internal sealed class EventsTailCommand : Command
{
    private static readonly JsonEventFormatter Formatter = new();
    private readonly CliConsole console;
    private readonly Option<string?> type = new("--type") { Description = "Only this event type, e.g. dev.cdevents.taskrun.finished.0.2.0 (* and # as in RabbitMQ bindings).", HelpName = "type" };
    private readonly Option<string?> product = new("--product") { Description = "Only this product's events, e.g. \"Gravitee.io APIM\"." };
    private readonly BrokerOptions brokerOptions = new();
    private readonly Option<int?> count = new("--count") { Description = "Stop after this many events (default: follow until Ctrl-C).", HelpName = "n" };
    private readonly Option<bool> json = new("--json") { Description = "Print each event as its CloudEvent JSON, one a line." };

    public EventsTailCommand(CliConsole console)
        : base("tail", "Follow the events published from now on, optionally of one type or product.")
    {
        this.console = console;
        Add(type);
        Add(product);
        foreach (var option in brokerOptions.All)
        {
            Add(option);
        }

        Add(count);
        Add(json);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var uri = brokerOptions.BrokerUrl(parsed, console, "to follow");

        var limit = parsed.GetValue(count);
        if (limit is <= 0)
        {
            throw CliException.Usage($"--count {limit} is not a number of events; give 1 or more, or leave it out to follow until Ctrl-C");
        }

        var binding = RabbitMqEventTail.Binding(parsed.GetValue(product), parsed.GetValue(type));
        var seen = 0;
        try
        {
            await foreach (var tailed in RabbitMqEventTail.FollowAsync(uri, brokerOptions.ExchangeOf(parsed, console), binding,
                               () => console.Error.WriteLine($"release: following {brokerOptions.ExchangeOf(parsed, console)} ({binding}) at {uri.Host}:{uri.Port}"), cancellationToken))
            {
                if (parsed.GetValue(json))
                {
                    console.WriteRaw(System.Text.Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(tailed.Event, out _).Span));
                }
                else
                {
                    console.Out.MarkupLineInterpolated($"{tailed.Event.Time:HH:mm:ss} [bold]{tailed.Event.Type}[/] {tailed.Event.Subject ?? ""} {tailed.Event.Id}");
                }

                if (++seen == limit)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (BrokerOptions.IsUnreachable(e))
        {
            throw BrokerOptions.Unreachable(uri, e, "follow events");
        }

        return ExitCodes.Success;
    }
}
