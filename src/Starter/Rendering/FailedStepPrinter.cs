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
        foreach (var line in failed.SelectMany(job => Describe(job, maxLines, $"release report {workflowId}")))
        {
            console.MarkupLine(line.Output ? $"{indent}  [grey]|[/] {Markup.Escape(line.Text)}" : $"{indent}{Markup.Escape(line.Text)}");
        }
    }

    /// <summary>
    /// A failed job as lines of plain text, control characters made visible: what failed, then
    /// (<see cref="StepLine.Output"/>) the last lines of its output.
    /// </summary>
    /// <param name="allLinesAt">Where the lines not shown are, said when some are cut; null says nothing.</param>
    public static IEnumerable<StepLine> Describe(JobReport job, int? maxLines, string? allLinesAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        var step = job.FailedStep!;
        var which = job.Number is { } number ? $"job {job.Name} (#{number})" : $"job {job.Name}";
        if (step.Name.Length == 0)
        {
            yield return new StepLine(Clean($"{which}: the failing step is unknown: {step.OutputUnavailable}"), false);
            yield break;
        }

        var at = $"{which} failed at step \"{step.Name}\"{(step.ExitCode is { } code ? $", exit code {code}" : "")}";
        if (step.OutputUnavailable is { } why)
        {
            yield return new StepLine(Clean($"{at}; no output: {why}"), false);
            yield break;
        }

        var shown = maxLines is { } max && step.OutputTail.Count > max ? step.OutputTail.Skip(step.OutputTail.Count - max).ToList() : step.OutputTail;
        var count = shown.Count == step.OutputTail.Count || allLinesAt is null
            ? $"its last {Lines(shown.Count)}"
            : $"its last {Lines(shown.Count)} (all {step.OutputTail.Count} in `{allLinesAt}`)";
        yield return new StepLine(Clean($"{at}; {(shown.Count == 0 ? "no output" : count)}:"), false);
        foreach (var line in shown)
        {
            yield return new StepLine(Clean(line), true);
        }

        if (step.OutputCut)
        {
            var page = job.WebUrl is { } url ? $": {url}" : "";
            yield return new StepLine($"(the output was longer than the worker reads; the job's page has the rest{page})", false);
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

/// <param name="Output">A line of the step's output, rather than what the printer says of it.</param>
public readonly record struct StepLine(string Text, bool Output);
