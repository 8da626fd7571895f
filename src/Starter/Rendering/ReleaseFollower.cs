using System.Diagnostics;
using Release.Activities.Release;
using Release.Releases.Operations;
using Release.Starter.Releases;
using Release.Workflows.Release;
using Spectre.Console;
using Spectre.Console.Rendering;
using Temporalio.Client;

namespace Release.Starter.Rendering;

/// <summary>
/// Follows a release until it closes, redrawing the progress table in place from the workflow's
/// <c>progress</c> query. It polls rather than long-polls, so a Temporal outage is one more answer
/// to report ("unreachable, the release keeps running") and following resumes once Temporal is
/// back. Cancelling only stops following: the release keeps running.
/// </summary>
/// <param name="reports">Where the whole reports of large stages are read at the end; null: their digests are shown.</param>
public sealed class ReleaseFollower(ITemporalClient client, string workflowId, ReportStore? reports = null)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, (Stopwatch Clock, TimeSpan? Final)> clocks = [];
    private readonly WorkerPresence workers = new(client);
    private readonly ReleaseWatch watch = new(client, workflowId, reports);

    public TimeSpan Refresh { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <param name="live">Draw the table; false waits without drawing (for --json).</param>
    /// <param name="warn">Told, once per change, what keeps the release from moving (no worker, Temporal down) and when that is over.</param>
    public async Task<ReleaseState> FollowAsync(IAnsiConsole console, bool live, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(warn);
        var handle = client.GetWorkflowHandle<ReleaseWorkflow>(workflowId);
        if (live && console.Profile.Capabilities.Ansi)
        {
            return await FollowInPlaceAsync(console, handle, cancellationToken);
        }

        var view = new ReleaseView("running", []);
        var seen = new Dictionary<string, (string Status, long? Pipeline)>();
        var noted = new HashSet<string>(StringComparer.Ordinal);
        string? lastNotice = null;
        while (true)
        {
            var look = await LookAsync(handle, view, cancellationToken);
            view = look.View;
            if (look.Notice != lastNotice && look.Notice is not null)
            {
                warn(look.Notice);
            }

            lastNotice = look.Notice;
            if (watch.Recovered is { } recovered)
            {
                warn(recovered);
                watch.Recovered = null;
            }

            if (live)
            {
                PrintChanges(console, view, seen);
                PrintNotes(console, view, noted);
            }

            if (look.Final is { } final)
            {
                if (live)
                {
                    console.Write(ProgressTable.Build(workflowId, FinalView(final, view)));
                }

                return final;
            }

            await Task.Delay(Refresh, cancellationToken);
        }
    }

    // A terminal: one table, redrawn in place, with what holds the release up written under it
    // (a line on stderr would be painted over by the next redraw).
    private async Task<ReleaseState> FollowInPlaceAsync(IAnsiConsole console, WorkflowHandle<ReleaseWorkflow> handle, CancellationToken cancellationToken)
    {
        var view = new ReleaseView("running", []);
        ReleaseState? final = null;
        await console.Live(Screen(view, null)).StartAsync(async context =>
        {
            while (final is null)
            {
                var look = await LookAsync(handle, view, cancellationToken);
                view = look.View;
                final = look.Final;
                context.UpdateTarget(final is null ? Screen(view, look.Notice) : ProgressTable.Build(workflowId, FinalView(final, view)));
                context.Refresh();
                if (final is null)
                {
                    await Task.Delay(Refresh, cancellationToken);
                }
            }
        });
        return final!;
    }

    private IRenderable Screen(ReleaseView view, string? notice) => notice is null
        ? ProgressTable.Build(workflowId, view)
        : new Rows(ProgressTable.Build(workflowId, view), new Markup($"[yellow]{Markup.Escape(notice)}[/]"));

    // A log or a pipe, where redrawing would repeat the table: one line per change, the table at the end.
    private static void PrintChanges(IAnsiConsole console, ReleaseView view, Dictionary<string, (string Status, long? Pipeline)> seen)
    {
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
    }

    // What the release waits for, its pause and each operator action, once each as it appears.
    private void PrintNotes(IAnsiConsole console, ReleaseView view, HashSet<string> noted)
    {
        foreach (var note in ProgressTable.Notes(workflowId, view).Where(n => n != "Operator actions:"))
        {
            if (noted.Add(note))
            {
                console.WriteLine(note.TrimStart());
            }
        }
    }

    /// <summary>One look at the release: its rows, what holds it up, and its final state once closed.</summary>
    private async Task<(ReleaseView View, string? Notice, ReleaseState? Final)> LookAsync(
        WorkflowHandle<ReleaseWorkflow> handle, ReleaseView last, CancellationToken cancellationToken)
    {
        var description = await watch.DescribeAsync(cancellationToken);
        if (description is null)
        {
            return (last, watch.Notice, null);
        }

        if (description.WorkflowExecutionInfo.Status != Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
        {
            var final = await watch.StateAsync(cancellationToken);
            return final is null ? (last, watch.Notice, null) : (last, null, final);
        }

        var unserved = await workers.ProblemAsync(description, cancellationToken);
        var view = unserved is null ? await QueryAsync(handle, cancellationToken) ?? last : last;
        return (view, unserved ?? watch.Notice, null);
    }

    // The reports know each pipeline's real duration; stages never reached keep the last query's rows.
    private static ReleaseView FinalView(ReleaseState state, ReleaseView last) =>
        state.Summary is null ? last with { Status = state.Status } : ReleaseView.FromSummary(state.Input.Plan, state.Status, state.Summary);

    private async Task<ReleaseView?> QueryAsync(WorkflowHandle<ReleaseWorkflow> handle, CancellationToken cancellationToken)
    {
        try
        {
            var progress = await handle.QueryAsync(
                wf => wf.GetProgress(),
                new() { Rpc = new() { Timeout = QueryTimeout, CancellationToken = cancellationToken } });
            return ReleaseView.FromProgress(progress, DateTimeOffset.UtcNow, Elapsed);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException or TimeoutException)
        {
            // No worker answered in time (or the run just closed): keep showing the last answer.
            return null;
        }
    }

    // Older workers' progress queries carry no times: for them elapsed is measured here, from when
    // this follower first saw the component under way.
    private TimeSpan? Elapsed(string component, string status)
    {
        var active = status is "starting" or "running";
        var done = status is "succeeded" or "failed" or "stopped" or "skipped" or "reused" or "awaiting_decision";
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
