using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Releases.Operations;
using Release.Workflows.Manifest;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>
/// The execution plan as a table (what each stage will trigger, and what is skipped), and the
/// manifest's problems as JSON.
/// </summary>
public static class PlanPrinter
{
    public static void Print(IAnsiConsole console, ExecutionPlan plan, string workflowId)
    {
        var components = plan.Stages.Sum(s => s.Components.Count);
        if (components == 0)
        {
            console.MarkupLine($"Plan for [bold]{Markup.Escape(plan.ReleaseName)} {Markup.Escape(plan.ReleaseVersion)}[/] (workflow id {Markup.Escape(workflowId)}): {NothingToRelease(plan)}");
            PrintSkipped(console, plan);
            return;
        }

        console.MarkupLine($"Plan for [bold]{Markup.Escape(plan.ReleaseName)} {Markup.Escape(plan.ReleaseVersion)}[/] (workflow id {Markup.Escape(workflowId)}): {Count(plan.Stages.Count, "stage")}, {Count(components, "component")}");
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn("Stage")
            .AddColumn("Component")
            .AddColumn("Version")
            .AddColumn("Project")
            .AddColumn("Branch")
            .AddColumn("Parameters");

        // The columns appear only for a manifest that uses dependsOn, so other plans read as before.
        var withDependencies = HasDependencies(plan);
        if (withDependencies)
        {
            table.AddColumn("Depends on").AddColumn("Depth");
        }

        foreach (var stage in plan.Stages)
        {
            var first = true;
            foreach (var c in stage.Components)
            {
                List<string> cells =
                [
                    first ? $"{stage.Index} (manifest {stage.ManifestStage})" : "",
                    Markup.Escape(c.Name),
                    Markup.Escape(c.Version),
                    Markup.Escape(c.ProjectSlug),
                    Markup.Escape(c.Branch ?? "(start --branch)"),
                    Markup.Escape(string.Join(", ", c.Parameters.Select(p => $"{p.Key}={JsonSerializer.Serialize(p.Value)}"))),
                ];
                if (withDependencies)
                {
                    cells.Add(Markup.Escape(string.Join(", ", c.Dependencies)));
                    cells.Add(c.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                table.AddRow([.. cells]);
                first = false;
            }
        }

        console.Write(table);
        PrintSkipped(console, plan);
    }

    /// <summary>Why a plan is empty, in the words both <c>--plan-only</c> and a refused start use.</summary>
    public static string NothingToRelease(ExecutionPlan plan) => ReleaseRequests.NothingToRelease(plan);

    /// <summary>The <c>--plan-only --json</c> document: the plan, with the manifest's warnings.</summary>
    public static JsonNode PlanDocument(ExecutionPlan plan, string workflowId, IReadOnlyList<ManifestError> warnings)
    {
        var document = JsonSerializer.SerializeToNode(JsonOutput.Plan(plan, workflowId), JsonOutput.Options)!.AsObject();
        AddDependencies(document, plan);
        document["nothing_to_release"] = plan.Stages.Count == 0;
        document["errors"] = new JsonArray();
        document["warnings"] = Problems(warnings);
        return document;
    }

    /// <summary>The document printed with <c>--json</c> for a manifest that is not valid.</summary>
    public static JsonNode ProblemsDocument(string path, IReadOnlyList<ManifestError> errors, IReadOnlyList<ManifestError> warnings) =>
        new JsonObject
        {
            ["manifest"] = path,
            ["valid"] = false,
            ["errors"] = Problems(errors),
            ["warnings"] = Problems(warnings),
        };

    private static JsonArray Problems(IEnumerable<ManifestError> problems) =>
        new([.. problems.Select(p => (JsonNode)new JsonObject
        {
            ["message"] = p.Message,
            ["path"] = p.Path,
            ["line"] = p.Line,
            ["column"] = p.Column,
        })]);

    private static bool HasDependencies(ExecutionPlan plan) =>
        plan.Stages.Any(s => s.Components.Any(c => c.Dependencies.Count > 0));

    // Each component of the document gets the released dependencies it waits for and its depth.
    private static void AddDependencies(JsonObject document, ExecutionPlan plan)
    {
        var stages = document["stages"]!.AsArray();
        for (var i = 0; i < plan.Stages.Count; i++)
        {
            var components = stages[i]!["components"]!.AsArray();
            for (var j = 0; j < plan.Stages[i].Components.Count; j++)
            {
                var component = plan.Stages[i].Components[j];
                components[j]!["depends_on"] = new JsonArray([.. component.Dependencies.Select(d => (JsonNode)JsonValue.Create(d))]);
                components[j]!["depth"] = component.Depth;
            }
        }
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static void PrintSkipped(IAnsiConsole console, ExecutionPlan plan) =>
        console.MarkupLine(plan.Skipped.Count == 0
            ? "Skipped: none"
            : $"Skipped (version is not a snapshot): {Markup.Escape(string.Join(", ", plan.Skipped))}");
}
