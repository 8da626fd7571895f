using System.Text.Json;
using Release.Workflows.Manifest;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>The execution plan as a table: what each stage will trigger, and what is skipped.</summary>
public static class PlanPrinter
{
    public static void Print(IAnsiConsole console, ExecutionPlan plan, string workflowId)
    {
        var components = plan.Stages.Sum(s => s.Components.Count);
        console.MarkupLine($"Plan for [bold]{Markup.Escape(plan.ReleaseName)} {Markup.Escape(plan.ReleaseVersion)}[/] (workflow id {Markup.Escape(workflowId)}): {plan.Stages.Count} stages, {components} components");
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn("Stage")
            .AddColumn("Component")
            .AddColumn("Version")
            .AddColumn("Project")
            .AddColumn("Branch")
            .AddColumn("Parameters");
        foreach (var stage in plan.Stages)
        {
            var first = true;
            foreach (var c in stage.Components)
            {
                table.AddRow(
                    first ? $"{stage.Index} (manifest {stage.ManifestStage})" : "",
                    Markup.Escape(c.Name),
                    Markup.Escape(c.Version),
                    Markup.Escape(c.ProjectSlug),
                    Markup.Escape(c.Branch ?? "(start --branch)"),
                    Markup.Escape(string.Join(", ", c.Parameters.Select(p => $"{p.Key}={JsonSerializer.Serialize(p.Value)}"))));
                first = false;
            }
        }

        console.Write(table);
        console.MarkupLine(plan.Skipped.Count == 0
            ? "Skipped: none"
            : $"Skipped (version is not a snapshot): {Markup.Escape(string.Join(", ", plan.Skipped))}");
    }
}
