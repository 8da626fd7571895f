using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Spectre.Console;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release collect trigger|pause|unpause ID</c>: acts on a collection schedule as Temporal's own
/// tools would (the Web UI, <c>temporal schedule</c>), for those who only have this command line.
/// One class, since the three differ only in the schedule call.
/// </summary>
internal sealed class CollectScheduleActionCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Func<ScheduleHandle, string, CancellationToken, Task> act;
    private readonly string done;
    private readonly Argument<string> id = new("id") { Description = "The schedule id, as `release collect schedule` printed it (e.g. collect-acme)." };
    private readonly Option<string?> reason = new("--reason") { Description = "Why (kept as the schedule's note; shown by Temporal's tools)." };

    private CollectScheduleActionCommand(CommonOptions common, CliConsole console, string name, string description, string done, Func<ScheduleHandle, string, CancellationToken, Task> act)
        : base(name, description)
    {
        this.common = common;
        this.console = console;
        this.act = act;
        this.done = done;
        Add(id);
        Add(reason);
        SetAction(ExecuteAsync);
    }

    public static IEnumerable<Command> All(CommonOptions common, CliConsole console) =>
    [
        new CollectScheduleActionCommand(common, console, "trigger", "Run a scheduled collection now, whatever its next time.", "Triggered",
            (handle, _, token) => handle.TriggerAsync(new ScheduleTriggerOptions { Overlap = Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip, Rpc = new() { CancellationToken = token } })),
        new CollectScheduleActionCommand(common, console, "pause", "Pause a collection schedule: no collection starts until it is unpaused.", "Paused",
            (handle, note, token) => handle.PauseAsync(note, new() { CancellationToken = token })),
        new CollectScheduleActionCommand(common, console, "unpause", "Unpause a collection schedule: collections start again at their times.", "Unpaused",
            (handle, note, token) => handle.UnpauseAsync(note, new() { CancellationToken = token })),
    ];

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var scheduleId = parsed.GetRequiredValue(id);
        var note = parsed.GetValue(reason) ?? $"{Name} from release collect";
        var client = await TemporalConnector.ConnectAsync(common.Connection(parsed, console), cancellationToken);
        var handle = client.GetScheduleHandle(scheduleId);
        try
        {
            await act(handle, note, cancellationToken);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw CliException.Usage($"no schedule with id {scheduleId}; `release collect schedule` creates one and prints its id");
        }

        console.Out.MarkupLineInterpolated($"{done} schedule [bold]{scheduleId}[/].");
        return ExitCodes.Success;
    }
}
