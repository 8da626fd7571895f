using Release.Releases.Operations;
using Release.Starter.Releases;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>The human form of the stage reports: a short summary, or every component's pipeline.</summary>
public static class ReportPrinter
{
    /// <summary>
    /// One line for the release, one per stage, one per component that did not succeed (or was
    /// reused or decided on), with why its failed jobs failed: the step and the end of its output.
    /// </summary>
    /// <param name="tailLines">Output lines shown per failed step; null shows all the report has.</param>
    public static void PrintSummary(IAnsiConsole console, ReleaseState state, int? tailLines = FailedStepPrinter.SummaryLines)
    {
        console.MarkupLine($"Release [bold]{Markup.Escape(state.ReleaseName)}[/] {StatusStyle.Markup(state.Status)}: {Markup.Escape(state.Summary?.Reason ?? state.Failure ?? "")}");
        var reports = state.Summary?.Stages ?? [];
        foreach (var report in reports)
        {
            console.MarkupLine($"  stage {report.Stage.Index} {StatusStyle.Markup(report.Outcome)} in {StatusStyle.Duration(TimeSpan.FromSeconds(report.Timings.DurationSeconds))}: {Markup.Escape(report.Reason)}");
            // A digest keeps the components that did not succeed, up to a cap: say so only when some are missing.
            if (report.FullReport is not null && report.Rerun.Count > report.Components.Count)
            {
                console.MarkupLine($"    [yellow]{Markup.Escape(StoredReports.Note(report))}[/]");
            }

            foreach (var component in report.Components.Where(c => c.Outcome != StageOutcomes.Succeeded || ComponentMarks.Any(c)))
            {
                var link = component.Pipeline is { } p ? $" {Markup.Escape(p.WebUrl)}" : "";
                console.MarkupLine($"    {Markup.Escape(component.Name)} {StatusStyle.Markup(component.Outcome)}: {Markup.Escape(component.Reason)}{link}");
                ComponentMarks.Print(console, component, "      ");
                FailedStepPrinter.Print(console, component.Pipeline, "      ", tailLines, state.WorkflowId);
            }
        }

        foreach (var stage in state.Input.Plan.Stages.Where(s => reports.All(r => r.Stage.Index != s.Index)))
        {
            console.MarkupLine($"  stage {stage.Index} {StatusStyle.Markup(ReleaseView.NotRun)}: {string.Join(", ", stage.Components.Select(c => Markup.Escape(c.Name)))}");
        }
    }

    /// <summary>Every stage report: each component's outcome, pipeline, workflows and failed jobs.</summary>
    public static void PrintReport(IAnsiConsole console, ReleaseState state)
    {
        PrintSummary(console, state, tailLines: null);
        foreach (var report in state.Summary?.Stages ?? [])
        {
            var table = new Table()
                .Border(TableBorder.Rounded)
                .Title($"stage {report.Stage.Index} (manifest stage {report.Stage.ManifestStage}): {StatusStyle.Markup(report.Outcome)}")
                .AddColumn("Component")
                .AddColumn("Outcome")
                .AddColumn(new TableColumn("Pipeline").RightAligned())
                .AddColumn("Workflows")
                .AddColumn(new TableColumn("Duration").RightAligned())
                .AddColumn("Link");
            if (report.FullReport is not null)
            {
                table.Caption(Markup.Escape(StoredReports.Note(report)));
            }

            foreach (var c in report.Components)
            {
                table.AddRow(
                    $"{Markup.Escape(c.Name)} {Markup.Escape(c.Version)}",
                    c.ReusedFrom is null ? StatusStyle.Markup(c.Outcome) : $"{StatusStyle.Markup(c.Outcome)} (reused)",
                    c.Pipeline is { } p ? $"#{p.Number} {Markup.Escape(p.State)}" : "",
                    Markup.Escape(Workflows(c.Pipeline)),
                    StatusStyle.Duration(c.Pipeline?.Timings.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null),
                    c.Pipeline is { } pipeline ? Markup.Escape(pipeline.WebUrl) : "");
            }

            console.Write(table);
        }
    }

    // "build: failed (unit-tests failed)" — the jobs worth opening first.
    private static string Workflows(PipelineReport? pipeline) => pipeline is null
        ? ""
        : string.Join("; ", pipeline.Workflows.Select(w =>
        {
            var failed = w.Jobs.Where(j => j.Status is not ("success" or "running" or "blocked" or "queued" or "not_running")).Select(j => $"{j.Name} {j.Status}").ToList();
            return failed.Count == 0 ? $"{w.Name}: {w.Status}" : $"{w.Name}: {w.Status} ({string.Join(", ", failed)})";
        }));
}
