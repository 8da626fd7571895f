namespace Release.Workflows.Release.Reports;

/// <summary>
/// The one-line reason of a stage report, which is also the release's summary line, the log
/// event's message and what the command line prints: what happened, then what must be re-run.
/// </summary>
public static class StageReason
{
    // The line stays readable; the report's `rerun` list holds every name.
    private const int MaxNamed = 20;

    /// <param name="headline">What the release decided, e.g. <c>aborted: bad tag (pipelines left running)</c>.</param>
    /// <param name="failedComponent">The component whose failure stopped the stage, if one did.</param>
    public static string Of(string outcome, string headline, string? failedComponent, IReadOnlyList<ComponentReport> components) =>
        Of(outcome, headline, components.FirstOrDefault(c => c.Name == failedComponent), components.Select(c => new ComponentLine(c.Name, c.Outcome, null)));

    /// <param name="failed">The report of the component whose failure stopped the stage, if one did.</param>
    /// <param name="all">Every component of the stage, whole or from a digest's lines.</param>
    public static string Of(string outcome, string headline, ComponentReport? failed, IEnumerable<ComponentLine> all)
    {
        if (outcome is StageOutcomes.Succeeded or StageOutcomes.DryRun)
        {
            return headline;
        }

        if (failed is not null)
        {
            headline = $"component {failed.Name} failed: {failed.Reason}";
        }

        var rerun = all.Where(c => c.Outcome != ComponentOutcomes.Succeeded).ToList();
        return rerun.Count == 0 ? headline : $"{headline}; needs a re-run: {Names(rerun.Select(c => $"{c.Name} ({ComponentOutcomes.Describe(c.Outcome)})").ToList())}";
    }

    /// <summary>The components of the plan's later stages, which a stopped release never started.</summary>
    public static string WithLaterStages(string reason, IReadOnlyList<string> notStarted) =>
        notStarted.Count == 0 ? reason : $"{reason}; later stages not started: {Names(notStarted)}";

    private static string Names(IReadOnlyList<string> names) =>
        names.Count > MaxNamed ? $"{string.Join(", ", names.Take(MaxNamed))} and {names.Count - MaxNamed} more" : string.Join(", ", names);
}
