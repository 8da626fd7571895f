using System.Text;
using Release.Workflows.Release.Reports;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>
/// Why each failed job of a pipeline failed, as its stage report has it: the failing step, its
/// exit code and the end of its output (CircleCI API v1.1, secrets already masked by the worker),
/// so nobody has to open CircleCI to see it.
/// </summary>
public static class FailedStepPrinter
{
    /// <summary>Output lines a summary shows per step; the report (and <c>--json</c>) has them all.</summary>
    public const int SummaryLines = 20;

    /// <param name="maxLines">How many of the last lines to show; null shows every line the report has.</param>
    /// <param name="workflowId">The release, to say where the rest of the lines are.</param>
    public static void Print(IAnsiConsole console, PipelineReport? pipeline, string indent, int? maxLines, string workflowId)
    {
        var failed = pipeline?.Workflows.SelectMany(w => w.Jobs.Where(j => j.FailedStep is not null)) ?? [];
        foreach (var job in failed)
        {
            var step = job.FailedStep!;
            var which = job.Number is { } number ? $"job {job.Name} (#{number})" : $"job {job.Name}";
            if (step.Name.Length == 0)
            {
                console.MarkupLine($"{indent}{Markup.Escape(Clean($"{which}: the failing step is unknown: {step.OutputUnavailable}"))}");
                continue;
            }

            var at = $"{which} failed at step \"{step.Name}\"{(step.ExitCode is { } code ? $", exit code {code}" : "")}";
            if (step.OutputUnavailable is { } why)
            {
                console.MarkupLine($"{indent}{Markup.Escape(Clean($"{at}; no output: {why}"))}");
                continue;
            }

            var shown = maxLines is { } max && step.OutputTail.Count > max ? step.OutputTail.Skip(step.OutputTail.Count - max).ToList() : step.OutputTail;
            var count = shown.Count == step.OutputTail.Count
                ? $"its last {Lines(shown.Count)}"
                : $"its last {Lines(shown.Count)} (all {step.OutputTail.Count} in `release report {workflowId}`)";
            console.MarkupLine($"{indent}{Markup.Escape(Clean($"{at}; {(shown.Count == 0 ? "no output" : count)}:"))}");
            foreach (var line in shown)
            {
                console.MarkupLine($"{indent}  [grey]|[/] {Markup.Escape(Clean(line))}");
            }

            if (step.OutputCut)
            {
                var page = job.WebUrl is { } url ? $": {url}" : "";
                console.MarkupLine($"{indent}  {Markup.Escape($"(the output was longer than the worker reads; the job's page has the rest{page})")}");
            }
        }
    }

    private static string Lines(int count) => count == 1 ? "line" : $"{count} lines";

    // Build output is not trusted with the terminal: control characters (cursor moves the worker
    // did not recognise, bells, OSC sequences) are shown, not obeyed.
    private static string Clean(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c == '\t' ? "    " : char.IsControl(c) ? "\uFFFD" : c.ToString());
        }

        return clean.ToString();
    }
}
