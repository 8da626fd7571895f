using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;

namespace Release.Starter.Commands;

/// <summary><c>release report ID</c>: the stage reports of a finished release, from its result.</summary>
internal sealed class ReportCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release.");

    public ReportCommand(CommonOptions common, CliConsole console)
        : base("report", "Print the stage reports of a finished release (--json: the documented report schema).")
    {
        this.common = common;
        this.console = console;
        Add(id);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        // The workflow exposes its reports only in its result; while it runs, progress is all there is.
        var state = await ReleaseLookup.FinishedAsync(client, parsed.GetRequiredValue(id), "its report", cancellationToken, console.Reports());

        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, new
            {
                workflow_id = state.WorkflowId,
                run_id = state.RunId,
                release = state.Input.Plan.ReleaseName,
                version = state.Input.Plan.ReleaseVersion,
                outcome = state.Status,
                reason = state.Summary?.Reason ?? state.Failure,
                skipped = state.Input.Plan.Skipped,
                stages = state.Summary?.Stages ?? [],
            });
        }
        else
        {
            ReportPrinter.PrintReport(console.Out, state);
        }

        return state.Succeeded ? ExitCodes.Success : ExitCodes.ReleaseFailed;
    }
}
