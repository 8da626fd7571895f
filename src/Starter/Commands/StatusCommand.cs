using System.CommandLine;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Starter.Commands;

/// <summary><c>release status ID</c>: where a release is, stage by stage.</summary>
internal sealed class StatusCommand : Command
{
    public const string Unknown = "unknown";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release (printed by start; see list).");

    public StatusCommand(CommonOptions common, CliConsole console)
        : base("status", "Show a release's status and stage progress.")
    {
        this.common = common;
        this.console = console;
        Add(id);
        SetAction(ExecuteAsync);
    }

    /// <summary>A closed release from its reports; a running one from the progress query, when a worker answered it.</summary>
    public static ReleaseView ViewOf(ReleaseState state, ReleaseProgress? progress, DateTimeOffset now)
    {
        var view = state.IsRunning && progress is not null
            ? ReleaseView.FromProgress(progress, now)
            : ReleaseView.FromSummary(state.Input.Plan, state.Status, state.Summary, state.IsRunning ? Unknown : ReleaseView.NotRun);

        // The input says the schedule even when no worker answers and the summary predates it.
        var control = view.Control ?? new ReleaseControl(null, [], null, [], []);
        return view with { Control = control with { Schedule = control.Schedule ?? state.Input.Settings.Schedule ?? ReleaseSchedule.Stages } };
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken, console.Reports());
        var progress = state.IsRunning ? await QueryProgressAsync(client, state.WorkflowId, cancellationToken) : null;
        var view = ViewOf(state, progress, DateTimeOffset.UtcNow);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, JsonOutput.State(state, connection, view));
        }
        else
        {
            Print(state, connection, view, progress is null && state.IsRunning);
        }

        return state.IsRunning || state.Succeeded ? ExitCodes.Success : ExitCodes.ReleaseFailed;
    }

    private void Print(ReleaseState state, ConnectionSettings connection, ReleaseView view, bool noProgress)
    {
        var output = console.Out;
        var ended = state.ClosedAt is { } closed ? $", ended {closed:u} after {StatusStyle.Duration(closed - state.StartedAt)}" : $", running for {StatusStyle.Duration(DateTimeOffset.UtcNow - state.StartedAt)}";
        output.MarkupLineInterpolated($"Release {state.ReleaseName}: {state.Status}");
        output.MarkupLineInterpolated($"Workflow {state.WorkflowId} (run {state.RunId}), started {state.StartedAt:u}{ended}");
        if (connection.WorkflowLink(state.WorkflowId) is { } link)
        {
            output.MarkupLineInterpolated($"Web UI: {link}");
        }

        output.Write(ProgressTable.Build(state.WorkflowId, view));
        if (noProgress)
        {
            var queue = state.TaskQueue is { } q ? $" on task queue {q} (start it with TEMPORAL_TASK_QUEUE={q})" : "";
            output.MarkupLineInterpolated($"No worker answered the progress query, so stage details are unknown; is the release worker running{queue}?");
        }

        if (!state.IsRunning)
        {
            ReportPrinter.PrintSummary(output, state);
        }
    }

    private static async Task<ReleaseProgress?> QueryProgressAsync(ITemporalClient client, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetWorkflowHandle<ReleaseWorkflow>(workflowId).QueryAsync(
                wf => wf.GetProgress(),
                new() { Rpc = new() { Timeout = QueryTimeout, CancellationToken = cancellationToken } });
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or TimeoutException)
        {
            return null;
        }
    }
}
