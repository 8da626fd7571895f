using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary><c>release abort ID --reason R</c>: the workflow's <c>abort</c> signal.</summary>
internal sealed class AbortCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the running release.");
    private readonly Option<string> reason = new("--reason") { Description = "Why the release is aborted (recorded in the stage report).", Required = true, HelpName = "text" };
    private readonly Option<string?> who = OperatorOptions.As();
    private readonly Option<bool> cancelPipelines = new("--cancel-pipelines")
    {
        Description = "Also cancel the CircleCI workflows still running in the current stage (default: leave them running).",
    };

    public AbortCommand(CommonOptions common, CliConsole console)
        : base("abort", "Abort a running release: no new stage starts; the current stage is reported as aborted.")
    {
        this.common = common;
        this.console = console;
        Add(id);
        Add(reason);
        Add(cancelPipelines);
        Add(who);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var why = parsed.GetRequiredValue(reason).Trim();
        if (why.Length == 0)
        {
            throw CliException.Usage("--reason must say why the release is aborted");
        }

        var given = OperatorOptions.AsOf(parsed, who);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken);
        var cancel = parsed.GetValue(cancelPipelines);
        await ReleaseAborts.RequestAsync(client, state, new AbortRequest(why, cancel, OperatorUpdates.Who(client, given)), cancellationToken);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, new { workflow_id = state.WorkflowId, run_id = state.RunId, abort_requested = true, reason = why, cancel_pipelines = cancel });
        }
        else
        {
            console.Out.MarkupLineInterpolated(
                $"Abort requested for {state.ReleaseName} ({state.WorkflowId}): the current stage ends as aborted and is reported; pipelines are {(cancel ? "cancelled" : "left running")}.");
            console.Out.MarkupLineInterpolated($"See the outcome with: release status {state.WorkflowId}");
        }

        return ExitCodes.Success;
    }
}
