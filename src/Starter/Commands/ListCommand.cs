using System.CommandLine;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Starter.Commands;

/// <summary><c>release list</c>: recent releases and their status, from Temporal's visibility.</summary>
internal sealed class ListCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<string?> query = new("--query") { Description = "A visibility query ANDed with WorkflowType = 'ReleaseWorkflow', e.g. \"ExecutionStatus = 'Running'\"." };
    private readonly Option<int> limit = Values.WholeNumber("--limit", "At most this many releases", 20, 1, 100_000);

    public ListCommand(CommonOptions common, CliConsole console)
        : base("list", "List recent releases with their status.")
    {
        this.common = common;
        this.console = console;
        Add(query);
        Add(limit);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var filter = $"WorkflowType = '{nameof(ReleaseWorkflow)}'";
        if (parsed.GetValue(query) is { Length: > 0 } extra)
        {
            filter += $" AND ({extra})";
        }

        var rows = await ReadAsync(client, connection, filter, parsed.GetValue(limit), cancellationToken);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, rows);
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Workflow id").AddColumn("Release").AddColumn("Status").AddColumn("Started").AddColumn("Ended");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.WorkflowId),
                Markup.Escape(row.Release ?? ""),
                StatusStyle.Markup(row.Status),
                $"{row.StartedAt:u}",
                row.ClosedAt is { } closed ? $"{closed:u}" : "");
        }

        console.Out.Write(table);
        console.Out.MarkupLine($"{rows.Count} release{(rows.Count == 1 ? "" : "s")}");
        return ExitCodes.Success;
    }

    private static async Task<List<ReleaseRow>> ReadAsync(
        ITemporalClient client, ConnectionSettings connection, string filter, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<ReleaseRow>();
        try
        {
            await foreach (var execution in client.ListWorkflowsAsync(filter, new() { Limit = limit, Rpc = new() { CancellationToken = cancellationToken } }))
            {
                rows.Add(new ReleaseRow(
                    execution.Id,
                    execution.RunId,
                    await MemoAsync(execution, "release"),
                    Status(execution, await MemoAsync(execution, "status")),
                    execution.StartTime,
                    execution.CloseTime));
            }
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.InvalidArgument)
        {
            throw CliException.Usage($"invalid --query: {TemporalConnector.OneLine(e.Message)}");
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.Unimplemented)
        {
            throw CliException.Unavailable($"the Temporal server at {connection.Address} cannot list workflows: {TemporalConnector.OneLine(e.Message)}");
        }

        return rows;
    }

    // The memo holds the release's own word (failed, aborted...); Temporal's status says only
    // Failed for both, so it is the fallback.
    private static string Status(WorkflowExecution execution, string? memo) =>
        execution.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running
            ? "running"
            : memo is { Length: > 0 } && memo != "running" ? memo : execution.Status.ToString().ToLowerInvariant();

    private static async Task<string?> MemoAsync(WorkflowExecution execution, string key) =>
        execution.Memo.TryGetValue(key, out var value) ? await value.ToValueAsync<string>() : null;

    private sealed record ReleaseRow(string WorkflowId, string RunId, string? Release, string Status, DateTime StartedAt, DateTime? ClosedAt);
}
