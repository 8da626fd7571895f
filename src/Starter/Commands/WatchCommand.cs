using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release watch ID</c>: re-attaches to a release (after a detach, from another terminal, after
/// the CLI's machine restarted) and follows it as <c>start --wait</c> does, with the same exit codes.
/// </summary>
internal sealed class WatchCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release (printed by start; see list).");

    public WatchCommand(CommonOptions common, CliConsole console)
        : base("watch", "Follow a running release live until it ends, as start --wait does; a finished one prints its outcome.")
    {
        this.common = common;
        this.console = console;
        Add(id);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var json = parsed.GetValue(common.Json);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);

        // Looked up first so an unknown id or a workflow that is not a release is one line, exit 2.
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken, console.Reports());
        if (state.IsRunning)
        {
            if (!json)
            {
                console.Out.MarkupLineInterpolated($"Following release {state.ReleaseName} ({state.WorkflowId}, run {state.RunId}); Ctrl+C detaches, the release keeps running");
                if (connection.WorkflowLink(state.WorkflowId) is { } link)
                {
                    console.Out.MarkupLineInterpolated($"Web UI: {link}");
                }
            }

            state = await ReleaseWait.FollowAsync(client, state.WorkflowId, json, console, cancellationToken);
        }

        return state is null ? ExitCodes.Interrupted : ReleaseWait.PrintOutcome(console, connection, state, json);
    }
}
