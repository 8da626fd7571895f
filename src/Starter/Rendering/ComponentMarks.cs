using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>What a stage report marks on a component besides its outcome: reused from an earlier run, an operator's decision.</summary>
public static class ComponentMarks
{
    /// <summary>Whether the component has a mark worth a line even when it succeeded.</summary>
    public static bool Any(ComponentReport component) => component.ReusedFrom is not null || component.Decision is not null;

    public static void Print(IAnsiConsole console, ComponentReport component, string indent)
    {
        if (component.ReusedFrom is { } reused)
        {
            console.MarkupLine($"{indent}{Markup.Escape($"reused from run {reused.RunId} pipeline #{reused.PipelineNumber} {reused.WebUrl}")}");
        }

        // A skipped component's reason already starts with its decision: one line says it.
        if (component.Decision is { } decision && !component.Reason.StartsWith(Decision(decision), StringComparison.Ordinal))
        {
            console.MarkupLine($"{indent}{Markup.Escape(Decision(decision))}");
        }
    }

    /// <summary>e.g. <c>skipped by alice: released by hand</c>.</summary>
    public static string Decision(OperatorAction decision) => decision.Kind switch
    {
        OperatorActionKinds.Skip => $"skipped by {decision.By}: {decision.Reason}",
        OperatorActionKinds.Retry => $"retried by {decision.By}: {decision.Reason}",
        OperatorActionKinds.RerunFailed => $"re-run from its failed jobs by {decision.By}: {decision.Reason}",
        OperatorActionKinds.Abort => $"aborted by {decision.By}: {decision.Reason}",
        OperatorActionKinds.DecisionTimedOut => $"no decision came in time: {decision.Reason}",
        var kind => $"{kind} by {decision.By}: {decision.Reason}",
    };
}
