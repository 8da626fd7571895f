using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Temporalio.Client;

namespace Release.Starter.Commands;

/// <summary>The <c>--wait</c> part of start and demo: follow, then print the outcome.</summary>
internal static class ReleaseWait
{
    /// <summary>Follows the release to its end; null when Ctrl+C detached (the message is printed).</summary>
    public static async Task<ReleaseState?> FollowAsync(
        ITemporalClient client, string workflowId, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return await new ReleaseFollower(client, workflowId, console.Reports()).FollowAsync(console.Out, live: !json, console.Warn, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C stops following, not the release: aborting is a deliberate, separate command.
            await console.Error.WriteLineAsync(
                $"release: detached from {workflowId}, which keeps running; follow it with `release status {workflowId}`, stop it with `release abort {workflowId} --reason \"...\"`");
            return null;
        }
    }

    /// <summary>Prints the outcome (the summary, or the JSON document plus <paramref name="extra"/> fields) and returns the exit code.</summary>
    public static int PrintOutcome(CliConsole console, ConnectionSettings connection, ReleaseState state, bool json, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (json)
        {
            var document = JsonSerializer.SerializeToNode(JsonOutput.State(state, connection, StatusCommand.ViewOf(state, null, DateTimeOffset.UtcNow)), JsonOutput.Options)!.AsObject();
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                document[key] = value;
            }

            console.WriteRaw(document.ToJsonString(JsonOutput.Options));
        }
        else
        {
            ReportPrinter.PrintSummary(console.Out, state);
        }

        return state.Succeeded ? ExitCodes.Success : ExitCodes.ReleaseFailed;
    }
}
