using System.Globalization;
using Release.Releases.Operations;
using Release.Starter.Releases;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Release.Starter.Rendering;

/// <summary>
/// One row per component, grouped by stage: status, elapsed time, pipeline number and link; then
/// what the release waits for (with the command that answers it), its pause and the operator actions.
/// </summary>
public static class ProgressTable
{
    public static IRenderable Build(string workflowId, ReleaseView view)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(workflowId)}: {StatusStyle.Markup(view.Status)}")
            .AddColumn("Stage")
            .AddColumn("Component")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Elapsed").RightAligned())
            .AddColumn(new TableColumn("Pipeline").RightAligned())
            .AddColumn("Link");
        foreach (var stage in view.Stages)
        {
            var first = true;
            foreach (var component in stage.Components)
            {
                table.AddRow(
                    first ? $"{stage.Index} {StatusStyle.Markup(stage.Status)}" : "",
                    Markup.Escape(component.Name),
                    StatusStyle.Markup(component.Status) + Mark(component),
                    StatusStyle.Duration(component.Elapsed),
                    component.PipelineNumber is { } number ? $"#{number}" : "",
                    component.Link is { } link ? $"[link={Markup.Escape(link)}]{Markup.Escape(link)}[/]" : "");
                first = false;
            }
        }

        var notes = Notes(workflowId, view).Select(n => (IRenderable)new Markup(Markup.Escape(n))).ToList();
        return notes.Count == 0 ? table : new Rows([table, .. notes]);
    }

    /// <summary>
    /// The lines under the table, plain text: the schedule, the pause, each thing the release waits
    /// for with the exact command that answers it, and the operator actions, oldest first.
    /// </summary>
    public static IEnumerable<string> Notes(string workflowId, ReleaseView view)
    {
        if (EtaNote(view) is { } eta)
        {
            yield return eta;
        }

        if (view.Control is not { } control)
        {
            yield break;
        }

        if (control.Schedule is { } schedule)
        {
            yield return $"Schedule: {schedule.ToString().ToLowerInvariant()}";
        }

        if (control.Paused is { } paused)
        {
            yield return $"Paused by {paused.By} since {Time(paused.From)}: {paused.Reason}; no new component starts. Unpause with: release unpause {workflowId}";
        }

        foreach (var waiting in control.Waiting)
        {
            yield return Waiting(workflowId, waiting);
            foreach (var job in waiting.FailedJobs ?? [])
            {
                yield return FailedJob(job);
            }
        }

        foreach (var pause in control.Pauses)
        {
            var until = pause.Until is { } end ? $" until {Time(end)} ({StatusStyle.Duration(end - pause.From)}{(pause.UnpausedBy is { } who ? $", unpaused by {who}" : "")})" : "";
            yield return $"Paused by {pause.By} from {Time(pause.From)}{until}: {pause.Reason}";
        }

        if (control.Actions.Count > 0)
        {
            yield return "Operator actions:";
            foreach (var action in control.Actions)
            {
                yield return $"  {Action(action)}";
            }
        }
    }

    /// <summary>
    /// The ETA in one line, e.g. "ETA: stage 2 ends ~14:05 UTC (p95 14:12), release ~15:30 UTC
    /// (p95 15:41)", naming the components it cannot account for (no history); null without one.
    /// </summary>
    public static string? EtaNote(ReleaseView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Eta is not { } release)
        {
            return null;
        }

        var parts = new List<string>();
        if (view.Stages.FirstOrDefault(s => s.Eta is not null) is { Eta: { } stageEta } stage)
        {
            parts.Add($"stage {stage.Index} {Ends(stageEta, "ends ")}");
        }

        parts.Add($"release {Ends(release, "")}");
        var line = $"ETA: {string.Join(", ", parts)}";
        return release.Unknown.Count == 0 ? line : $"{line}; {(release.EndsAt is null ? "unknown" : "partial")}: no history for {Names(release.Unknown)}";
    }

    // The workflow computes an ETA as of its last step, and takes no step while a pipeline just
    // runs: one already behind the clock here is said to be late rather than shown in the past.
    private static string Ends(Eta eta, string verb) => eta.EndsAt is { } at
        ? $"{verb}~{Clock(at)} UTC{(eta.LateAt is { } late && late > at ? $" (p95 {Clock(late)})" : "")}{(at < DateTimeOffset.UtcNow ? ", overdue" : "")}"
        : $"{verb}unknown";

    private static string Names(IReadOnlyList<string> names) => names.Count <= EtaNamesShown
        ? string.Join(", ", names)
        : $"{string.Join(", ", names.Take(EtaNamesShown))} and {names.Count - EtaNamesShown} more";

    private const int EtaNamesShown = 5;

    private static string Clock(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>One operator action: when, what, on what, by whom and why.</summary>
    public static string Action(OperatorAction action)
    {
        var target = action.Component is { } component ? $" {component}" : action.Stage is { } stage ? $" before stage {stage}" : "";
        return $"{Time(action.At)} {action.Kind}{target} by {action.By}: {action.Reason}";
    }

    private const int FailedLinesShown = 8;

    // Under the decision it informs: what failed and the end of its output, which says why; the
    // job's page has the rest (no report exists before the release ends).
    private static string FailedJob(JobReport job) =>
        string.Join('\n', FailedStepPrinter.Describe(job, FailedLinesShown, allLinesAt: job.WebUrl).Select(l => l.Output ? $"    | {l.Text}" : $"  {l.Text}"));

    private static string Waiting(string workflowId, WaitingFor waiting) => waiting.Kind switch
    {
        WaitingFor.Decision =>
            $"Waits since {Time(waiting.Since)} for a decision on {waiting.Component}: {waiting.Reason}"
            + (waiting.Deadline is { } deadline ? $"; unanswered by {Time(deadline)}, the release aborts" : "")
            + $". Answer with: release decide {workflowId} {waiting.Component} --retry|--skip|--abort --reason \"...\"",
        WaitingFor.Approval =>
            $"Waits since {Time(waiting.Since)} for approval before stage {waiting.Stage}{(waiting.Reason == $"approval before stage {waiting.Stage}" ? "" : $": {waiting.Reason}")}. "
            + $"Approve with: release approve {workflowId}{(waiting.Stage is { } stage ? $" --stage {stage}" : "")} --reason \"...\"",
        _ => $"Waits since {Time(waiting.Since)} for {waiting.Kind}: {waiting.Reason}",
    };

    // Reused pipelines and decisions are what a reader of the table asks about first.
    private static string Mark(ComponentRow component)
    {
        var marks = new List<string>();
        if (component.ReusedFrom is { } reused)
        {
            marks.Add($"reused from run {reused.RunId}");
        }

        if (component.Decision is { } decision)
        {
            marks.Add($"{decision.Kind} by {decision.By}");
        }

        return marks.Count == 0 ? "" : $" ({Markup.Escape(string.Join("; ", marks))})";
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
}
