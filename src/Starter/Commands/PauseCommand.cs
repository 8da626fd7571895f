using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release.Control;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release pause ID --reason R</c> and <c>release unpause ID</c>: while paused no new component
/// starts; pipelines already running keep being watched. One class, since they differ only in the Update.
/// </summary>
internal sealed class PauseCommand : Command
{
    private const string NoReason = "(no reason given)";
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly bool unpause;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the running release.");
    private readonly Option<string?> reason;
    private readonly Option<string?> who = OperatorOptions.As();

    private PauseCommand(CommonOptions common, CliConsole console, bool unpause, string description)
        : base(unpause ? ReleaseUpdates.Unpause : ReleaseUpdates.Pause, description)
    {
        this.common = common;
        this.console = console;
        this.unpause = unpause;
        reason = OperatorOptions.Reason(unpause ? "Why it may go on (optional)." : "Why it is paused (recorded in the report and status).", required: !unpause);
        Add(id);
        Add(reason);
        Add(who);
        SetAction(ExecuteAsync);
    }

    public static PauseCommand Pause(CommonOptions common, CliConsole console) =>
        new(common, console, unpause: false, "Pause a running release: no new component starts; running pipelines keep being watched.");

    public static PauseCommand Unpause(CommonOptions common, CliConsole console) =>
        new(common, console, unpause: true, "Unpause a paused release: components start again as the schedule allows.");

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var why = OperatorOptions.ReasonOf(parsed, reason, "the release is paused", unpause ? NoReason : null);
        var given = OperatorOptions.AsOf(parsed, who);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken);
        var request = new PauseRequest(why, OperatorUpdates.Who(client, given));
        var message = unpause
            ? await OperatorUpdates.ExecuteAsync(client, state, wf => wf.UnpauseAsync(request), Name, cancellationToken)
            : await OperatorUpdates.ExecuteAsync(client, state, wf => wf.PauseAsync(request), Name, cancellationToken);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, new { workflow_id = state.WorkflowId, run_id = state.RunId, update = Name, by = request.By, reason = why, message });
        }
        else
        {
            console.Out.MarkupLineInterpolated($"{message}");
            if (!unpause)
            {
                console.Out.MarkupLineInterpolated($"Unpause it with: release unpause {state.WorkflowId}");
            }
        }

        return ExitCodes.Success;
    }
}
