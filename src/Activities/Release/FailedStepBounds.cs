using Release.Activities.CircleCi;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Activities.Release;

/// <summary>
/// How much of a failed job's step a stage report carries. The report travels in the release's
/// result and its log event, so it stays small whatever CircleCI answers: at most
/// <see cref="MaxStepsPerSnapshot"/> steps of <see cref="MaxLines"/> lines of
/// <see cref="MaxLineLength"/> characters, some 75,000 characters per stage at the very worst: the release's summary holds every
/// stage's report and must stay well under Temporal's 2 MB payload limit.
/// </summary>
public static class FailedStepBounds
{
    /// <summary>Failed steps read per stage snapshot; the other failed jobs get none (their pages have them).</summary>
    public const int MaxStepsPerSnapshot = 5;

    public const int MaxLines = 50;

    public const int MaxLineLength = 300;

    // Step names and statuses come from the job's config and CircleCI: short, unless something is off.
    private const int MaxNameLength = 200;
    private const int MaxStatusLength = 40;
    private const int MaxReasonLength = 500;

    /// <summary>The status of a step whose job's step list could not be read.</summary>
    public const string UnknownStatus = "unknown";

    /// <summary>The step as the report keeps it: the last lines of its output, each line cut.</summary>
    public static FailedStepReport Report(CircleCiFailedStep step) => new(
        Cut(step.StepName, MaxNameLength),
        Cut(step.Status, MaxStatusLength),
        step.ExitCode,
        step.ParallelIndex,
        step.OutputTail.Skip(Math.Max(0, step.OutputTail.Count - MaxLines)).Select(l => Cut(l, MaxLineLength)).ToList(),
        step.OutputCut,
        step.OutputUnavailable is { } why ? Cut(why, MaxReasonLength) : null);

    /// <summary>
    /// A failed job whose steps CircleCI would not list: no name (empty), the reason in
    /// <c>output_unavailable</c>, so the report says why there is nothing to show.
    /// </summary>
    public static FailedStepReport Unavailable(string why) =>
        new("", UnknownStatus, null, null, [], OutputUnavailable: Cut(why, MaxReasonLength));

    private static string Cut(string text, int max) => TextCut.Cut(text, max);
}
