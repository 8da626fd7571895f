using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Control;

/// <summary>
/// What an operator (or the release on its own, for a decision that timed out) did to a release,
/// in the order it happened: the summary, the progress query and the reports list these.
/// </summary>
/// <param name="Kind">One of <see cref="OperatorActionKinds"/>.</param>
/// <param name="Component">The component a decision was about; null otherwise.</param>
/// <param name="Stage">The stage an approval let start; null otherwise.</param>
public sealed record OperatorAction(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("component")] string? Component = null,
    [property: JsonPropertyName("stage")] int? Stage = null);

public static class OperatorActionKinds
{
    public const string Retry = "retry";
    public const string RerunFailed = "rerun_failed";
    public const string Skip = "skip";
    public const string Abort = "abort";

    /// <summary>No decision came within the decision timeout: the release aborted.</summary>
    public const string DecisionTimedOut = "decision_timed_out";

    public const string Approve = "approve";
    public const string Pause = "pause";
    public const string Unpause = "unpause";

    /// <summary>The release was started by <c>release resume</c>.</summary>
    public const string Resume = "resume";
}

/// <summary>A time the release was paused; <paramref name="Until"/> is null while it still is.</summary>
public sealed record PausePeriod(
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("until")] DateTimeOffset? Until = null,
    [property: JsonPropertyName("unpaused_by")] string? UnpausedBy = null);

/// <summary>Something the release waits for from an operator, as the progress query shows it.</summary>
/// <param name="Kind"><c>decision</c> or <c>approval</c>.</param>
/// <param name="Deadline">When an unanswered decision aborts the release; null for approvals.</param>
public sealed record WaitingFor(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("component")] string? Component = null,
    [property: JsonPropertyName("stage")] int? Stage = null,
    [property: JsonPropertyName("deadline")] DateTimeOffset? Deadline = null,
    [property: JsonPropertyName("failed_jobs")] IReadOnlyList<Reports.JobReport>? FailedJobs = null)
{
    public const string Decision = "decision";
    public const string Approval = "approval";
}
