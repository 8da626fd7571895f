namespace Release.Workflows.Release;

/// <summary>
/// Ids of <c>Workflow.Patched</c> changes: each lets running workflows and recorded histories
/// keep their old path while new ones take the new. Remove one only when no history older
/// than it can still be replayed.
/// </summary>
internal static class Patches
{
    /// <summary>The component workflow waits one interval before its first pipeline read.</summary>
    public const string WaitBeforeFirstPoll = "wait-before-first-poll";

    /// <summary>A stage whose pipelines CircleCI refused to cancel is reported, not failed without a report.</summary>
    public const string ReportRefusedCancel = "report-refused-cancel";

    /// <summary>The release is scheduled by <c>ReleaseScheduler</c> (decisions, approvals, pause, resume, graph), not the stage loop.</summary>
    public const string ReleaseControl = "release-control";

    /// <summary>A component whose pipeline failed fails its workflow (<see cref="ComponentFailure"/>) instead of completing.</summary>
    public const string ComponentFailsAsFailed = "component-fails-as-failed";

    /// <summary>A stage larger than the report part size is snapshotted in slices, and its report travels as a digest.</summary>
    public const string ReportParts = "report-parts";

    /// <summary>The release reads its components' expected durations (p50, p95) once, for the progress ETA and the poll schedule.</summary>
    public const string ExpectedDurations = "expected-durations";

    /// <summary>A polling-only watch with an expected duration polls once halfway to p50, at p50, then every interval until p95.</summary>
    public const string PollAroundExpectedEnd = "poll-around-expected-end";

    /// <summary>The release records its transitions and publishes them as events, in the background (<c>Events.EventDelivery</c>).</summary>
    public const string ReleaseEvents = "release-events";

    /// <summary>An abort signal that says who sent it is recorded among the operator actions (the report's, the progress query's).</summary>
    public const string AbortRecorded = "abort-recorded";

    /// <summary>A component awaiting a decision has its failed jobs' steps and output read, so the operator sees why before deciding.</summary>
    public const string DecisionFailureOutput = "decision-failure-output";
}
