using System.Diagnostics;
using Release.Starter.Releases;
using Release.Workflows.Release;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Starter.Rendering;

/// <summary>
/// Follows a release until it closes, redrawing the progress table in place from the workflow's
/// <c>progress</c> query. Cancelling only stops following: the release keeps running.
/// </summary>
public sealed class ReleaseFollower(ITemporalClient client, string workflowId)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, (Stopwatch Clock, TimeSpan? Final)> clocks = [];

    public TimeSpan Refresh { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <param name="live">Draw the table; false waits silently (for --json).</param>
    public async Task<ReleaseState> FollowAsync(IAnsiConsole console, bool live, CancellationToken cancellationToken)
    {
        var handle = client.GetWorkflowHandle<ReleaseWorkflow>(workflowId);
        var closed = WaitClosedAsync(handle, cancellationToken);
        if (!live)
        {
            await closed;
            return await ReleaseLookup.GetAsync(client, workflowId, cancellationToken);
        }

        return console.Profile.Capabilities.Ansi
            ? await FollowInPlaceAsync(console, handle, closed, cancellationToken)
            : await FollowAsLinesAsync(console, handle, closed, cancellationToken);
    }

    // A terminal: one table, redrawn in place.
    private async Task<ReleaseState> FollowInPlaceAsync(
        IAnsiConsole console, WorkflowHandle<ReleaseWorkflow> handle, Task closed, CancellationToken cancellationToken)
    {
        var view = new ReleaseView("running", []);
        ReleaseState? final = null;
        await console.Live(ProgressTable.Build(workflowId, view)).StartAsync(async context =>
        {
            while (!closed.IsCompleted)
            {
                view = await QueryAsync(handle, cancellationToken) ?? view;
                context.UpdateTarget(ProgressTable.Build(workflowId, view));
                context.Refresh();
                await Task.WhenAny(closed, Task.Delay(Refresh, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }

            final = await ReleaseLookup.GetAsync(client, workflowId, cancellationToken);
            context.UpdateTarget(ProgressTable.Build(workflowId, FinalView(final, view)));
            context.Refresh();
        });
        return final!;
    }

    // A log or a pipe, where redrawing would repeat the table: one line per change, the table at the end.
    private async Task<ReleaseState> FollowAsLinesAsync(
        IAnsiConsole console, WorkflowHandle<ReleaseWorkflow> handle, Task closed, CancellationToken cancellationToken)
    {
        var view = new ReleaseView("running", []);
        var seen = new Dictionary<string, (string Status, long? Pipeline)>();
        while (!closed.IsCompleted)
        {
            view = await QueryAsync(handle, cancellationToken) ?? view;
            foreach (var stage in view.Stages)
            {
                foreach (var c in stage.Components.Where(c => c.Status != "pending"))
                {
                    if (!seen.TryGetValue(c.Name, out var last) || last != (c.Status, c.PipelineNumber))
                    {
                        seen[c.Name] = (c.Status, c.PipelineNumber);
                        var pipeline = c.PipelineNumber is { } n ? $" pipeline #{n} {c.Link}" : "";
                        console.MarkupLineInterpolated($"stage {stage.Index} {c.Name}: {c.Status}{pipeline}");
                    }
                }
            }

            await Task.WhenAny(closed, Task.Delay(Refresh, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var final = await ReleaseLookup.GetAsync(client, workflowId, cancellationToken);
        console.Write(ProgressTable.Build(workflowId, FinalView(final, view)));
        return final;
    }

    // The reports know each pipeline's real duration; stages never reached keep the last query's rows.
    private static ReleaseView FinalView(ReleaseState state, ReleaseView last) =>
        state.Summary is null ? last with { Status = state.Status } : ReleaseView.FromSummary(state.Input.Plan, state.Status, state.Summary);

    private static async Task WaitClosedAsync(WorkflowHandle handle, CancellationToken cancellationToken)
    {
        try
        {
            await handle.GetResultAsync(followRuns: false, new() { CancellationToken = cancellationToken });
        }
        catch (WorkflowFailedException)
        {
            // Closed unsuccessfully: the caller reads how from the state.
        }
    }

    private async Task<ReleaseView?> QueryAsync(WorkflowHandle<ReleaseWorkflow> handle, CancellationToken cancellationToken)
    {
        try
        {
            var progress = await handle.QueryAsync(
                wf => wf.GetProgress(),
                new() { Rpc = new() { Timeout = QueryTimeout, CancellationToken = cancellationToken } });
            return ReleaseView.FromProgress(progress, Elapsed);
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or TimeoutException)
        {
            // No worker answered in time (or the run just closed): keep showing the last answer.
            return null;
        }
    }

    // The progress query carries no times, so elapsed is measured here, from when this follower
    // first saw the component under way.
    private TimeSpan? Elapsed(string component, string status)
    {
        var active = status is "starting" or "running";
        var done = status is "succeeded" or "failed" or "stopped";
        if (!clocks.TryGetValue(component, out var clock))
        {
            if (!active)
            {
                return null;
            }

            clock = (Stopwatch.StartNew(), null);
        }

        if (done && clock.Final is null)
        {
            clock = (clock.Clock, clock.Clock.Elapsed);
        }

        clocks[component] = clock;
        return clock.Final ?? clock.Clock.Elapsed;
    }
}
