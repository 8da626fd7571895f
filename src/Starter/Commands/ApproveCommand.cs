using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release.Control;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary><c>release approve ID [--stage N] --reason R</c>: lets a release held by an approval gate go on.</summary>
internal sealed class ApproveCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release waiting for approval.");
    private readonly Option<int?> stage = Values.AtLeast("--stage", "The gate to approve, by plan stage (default: the one the release waits at).", 1, "stage");
    private readonly Option<string?> reason = OperatorOptions.Reason("Why it may go on (recorded in the report and status).", required: true);
    private readonly Option<string?> who = OperatorOptions.As();

    public ApproveCommand(CommonOptions common, CliConsole console)
        : base("approve", "Approve the stage a release waits at (start --approve-before-stage).")
    {
        this.common = common;
        this.console = console;
        Add(id);
        Add(stage);
        Add(reason);
        Add(who);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var why = OperatorOptions.ReasonOf(parsed, reason, "the stage is approved");
        var given = OperatorOptions.AsOf(parsed, who);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken);
        var request = new ApprovalRequest(why, OperatorUpdates.Who(client, given), parsed.GetValue(stage));
        var message = await OperatorUpdates.ExecuteAsync(client, state, wf => wf.ApproveAsync(request), "approve", cancellationToken);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, new { workflow_id = state.WorkflowId, run_id = state.RunId, update = ReleaseUpdates.Approve, stage = request.Stage, by = request.By, reason = why, message });
        }
        else
        {
            console.Out.MarkupLineInterpolated($"{message}");
        }

        return ExitCodes.Success;
    }
}
