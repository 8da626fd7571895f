using System.CommandLine;
using Release.Analytics.Releases;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release timing ID</c>: where a finished release's time went, over all its runs: wall time,
/// the critical path, each stage's overhead, and the time lost to failures and resumes.
/// </summary>
internal sealed class TimingCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release.");

    public TimingCommand(CommonOptions common, CliConsole console)
        : base("timing", "Where a finished release's time went: wall time, critical path, stage overheads, time lost to failures and resumes.")
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
        var state = await ReleaseLookup.FinishedAsync(client, parsed.GetRequiredValue(id), "its timing", cancellationToken, console.Reports());

        var runs = await ReleaseLookup.ClosedRunsAsync(client, state, cancellationToken, console.Reports());
        var timing = ReleaseTimingCalculator.Compute(runs.Select(r => (r.RunId, r.Summary?.Stages ?? [])))
            ?? throw CliException.Usage($"release {state.WorkflowId} ended ({state.Status}) without a stage report; there is no timing to show");
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, Json(state, timing));
        }
        else
        {
            Print(state, timing);
        }

        return ExitCodes.Success;
    }

    private void Print(ReleaseState state, ReleaseTiming timing)
    {
        var output = console.Out;
        output.MarkupLineInterpolated(
            $"[bold]{state.ReleaseName}[/] ({state.WorkflowId}): {StatusStyle.Duration(timing.WallTime)} wall time over {timing.Runs.Count} run{(timing.Runs.Count == 1 ? "" : "s")}, {state.Status}.");
        var stages = new Table().AddColumns("stage", "duration", "slowest component", "its pipeline", "overhead", "outcome");
        foreach (var stage in timing.Stages)
        {
            stages.AddRow(
                stage.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StatusStyle.Duration(stage.Duration),
                Markup.Escape(stage.Component ?? "(all reused)"),
                StatusStyle.Duration(stage.Pipeline),
                StatusStyle.Duration(stage.Overhead),
                StatusStyle.Markup(stage.Outcome));
        }

        output.Write(stages);
        var path = string.Join(" → ", timing.CriticalPath.Select(l => $"{l.Component} ({StatusStyle.Duration(l.Duration)})"));
        output.MarkupLineInterpolated($"Critical path: {StatusStyle.Duration(timing.CriticalPipelineTime)} of pipelines: {(path.Length == 0 ? "none" : path)}.");
        output.MarkupLineInterpolated(
            $"Lost to failures: {StatusStyle.Duration(timing.LostToEarlierRuns)} in earlier runs done again, {StatusStyle.Duration(timing.WaitingForResume)} waiting for a resume, {StatusStyle.Duration(timing.FailedPipelineTime)} of failed pipelines.");
    }

    private static object Json(ReleaseState state, ReleaseTiming timing) => new
    {
        workflow_id = state.WorkflowId,
        release = state.Input.Plan.ReleaseName,
        version = state.Input.Plan.ReleaseVersion,
        outcome = state.Status,
        wall_seconds = timing.WallTime.TotalSeconds,
        runs = timing.Runs.Select(r => new { run_id = r.RunId, started_at = r.StartedAt, ended_at = r.EndedAt, seconds = r.Duration.TotalSeconds, outcome = r.Outcome, stages = r.Stages }),
        stages = timing.Stages.Select(s => new
        {
            stage = s.Stage,
            seconds = s.Duration.TotalSeconds,
            slowest_component = s.Component,
            pipeline_seconds = s.Pipeline?.TotalSeconds,
            overhead_seconds = s.Overhead?.TotalSeconds,
            outcome = s.Outcome,
        }),
        critical_path = timing.CriticalPath.Select(l => new { stage = l.Stage, component = l.Component, created_at = l.CreatedAt, stopped_at = l.StoppedAt, seconds = l.Duration.TotalSeconds }),
        critical_pipeline_seconds = timing.CriticalPipelineTime.TotalSeconds,
        lost = new
        {
            earlier_runs_seconds = timing.LostToEarlierRuns.TotalSeconds,
            waiting_for_resume_seconds = timing.WaitingForResume.TotalSeconds,
            failed_pipelines_seconds = timing.FailedPipelineTime.TotalSeconds,
        },
    };
}
