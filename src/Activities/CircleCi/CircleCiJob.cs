using System.Text.Json.Serialization;

namespace Release.Activities.CircleCi;

/// <summary>
/// A job as the workflow job list shows it; only the id is required. Approval jobs have no number
/// but an approval request id.
/// </summary>
public sealed record CircleCiJob
{
    [JsonRequired]
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Absent for approval jobs.</summary>
    public long? JobNumber { get; init; }

    /// <summary>build or approval (or a newer value).</summary>
    public string Type { get; init; } = "";

    /// <summary>success, running, not_run, failed, retried, queued, not_running, infrastructure_fail,
    /// timedout, on_hold, terminated-unknown, blocked, canceled, unauthorized, or a newer value.</summary>
    public string Status { get; init; } = "";

    public string ProjectSlug { get; init; } = "";

    /// <summary>Ids of the jobs this one waits for.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>What <see cref="CircleCiClient.ApproveJobAsync"/> needs for an approval job.</summary>
    public string? ApprovalRequestId { get; init; }

    public string? ApprovedBy { get; init; }

    public string? CanceledBy { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }
}
