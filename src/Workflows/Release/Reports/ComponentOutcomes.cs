namespace Release.Workflows.Release.Reports;

/// <summary>
/// The outcome strings of a component in stage reports, the progress query and the command line
/// (part of the report schema). Each is what CircleCI said when the stage was snapshotted.
/// </summary>
public static class ComponentOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>Still running when the release stopped watching it: its end is in CircleCI only.</summary>
    public const string Stopped = "stopped";

    /// <summary>No pipeline was triggered for it.</summary>
    public const string NotStarted = "not_started";

    /// <summary>Skipped by an operator's decision (<c>release decide --skip</c>): released by other means, or not at all.</summary>
    public const string Skipped = "skipped";

    public static string Of(ComponentOutcome outcome) => outcome switch
    {
        ComponentOutcome.Succeeded => Succeeded,
        ComponentOutcome.Failed => Failed,
        ComponentOutcome.NotStarted => NotStarted,
        ComponentOutcome.Skipped => Skipped,
        _ => Stopped,
    };

    /// <summary>How the stage summary names an outcome in its list of components to re-run.</summary>
    public static string Describe(string outcome) => outcome switch
    {
        Stopped => "stopped while running",
        NotStarted => "not started",
        Skipped => "skipped by an operator",
        _ => outcome,
    };
}
