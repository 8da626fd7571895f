using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.Update.V1;

namespace Release.DevServer.Engine;

internal enum WorkflowTaskKind
{
    /// <summary>Its scheduled event is in history.</summary>
    Normal,

    /// <summary>A retry after a failure or timeout: its events are written only if it completes.</summary>
    Transient,

    /// <summary>Created only to deliver updates: it leaves no trace if every update is rejected.</summary>
    Speculative,
}

internal sealed class WorkflowTaskInfo
{
    public required WorkflowTaskKind Kind { get; set; }
    public required int Attempt { get; init; }
    public required DateTimeOffset ScheduledTime { get; init; }

    /// <summary>Id of the written WorkflowTaskScheduled event; for unwritten tasks, the id it will get.</summary>
    public long ScheduledEventId { get; set; }
    public long StartedEventId { get; set; }
    public bool IsStarted => StartedEventId != 0;
    public DateTimeOffset StartedTime { get; set; }
    public string Identity { get; set; } = "";

    /// <summary>Unique per task, so a token or queue entry for an earlier task is refused.</summary>
    public required long Serial { get; init; }
    public List<string> AttachedQueryIds { get; } = [];
    public List<string> SentUpdateIds { get; } = [];
}

internal enum ActivityRunState { Scheduled, Started }

internal sealed class ActivityInfo
{
    public required long ScheduledEventId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }

    // The options below can change after scheduling (UpdateActivityOptions, ResetActivity).
    public required string TaskQueue { get; set; }
    public required DateTimeOffset FirstScheduledTime { get; init; }
    public TimeSpan? ScheduleToCloseTimeout { get; set; }
    public TimeSpan? ScheduleToStartTimeout { get; set; }
    public TimeSpan StartToCloseTimeout { get; set; }
    public TimeSpan? HeartbeatTimeout { get; set; }
    public required RetryPolicy RetryPolicy { get; set; }
    public Priority? Priority { get; set; }
    public Header? Header { get; init; }
    public Payloads? Input { get; init; }

    public ActivityRunState State { get; set; } = ActivityRunState.Scheduled;
    public int Attempt { get; set; } = 1;
    public DateTimeOffset CurrentAttemptScheduledTime { get; set; }

    /// <summary>
    /// Bumped whenever queued tasks and timers armed for the activity must be ignored (pause,
    /// unpause, new options, a retry), like the real server's activity stamp.
    /// </summary>
    public int Stamp { get; set; }

    /// <summary>False while waiting out a retry backoff or paused: not in the task queue.</summary>
    public bool Dispatchable { get; set; }
    public DateTimeOffset? StartedTime { get; set; }
    public DateTimeOffset? LastHeartbeatTime { get; set; }
    public Payloads? HeartbeatDetails { get; set; }
    public Failure? LastFailure { get; set; }
    public DateTimeOffset? LastAttemptCompleteTime { get; set; }
    public string LastWorkerIdentity { get; set; } = "";
    public bool CancelRequested { get; set; }
    public long CancelRequestedEventId { get; set; }

    /// <summary>Set while paused by PauseActivity; no new attempt is dispatched until unpaused.</summary>
    public ActivityPause? Pause { get; set; }

    /// <summary>ResetActivity ran while an attempt was out: its worker is told on its next heartbeat.</summary>
    public bool ResetRequested { get; set; }

    /// <summary>ResetActivity asked to drop heartbeat details once the running attempt ends.</summary>
    public bool ResetHeartbeatsOnRetry { get; set; }

    public bool Paused => Pause is not null;

    public DateTimeOffset? ScheduleToCloseDeadline =>
        ScheduleToCloseTimeout is { } t ? FirstScheduledTime + t : null;
}

/// <summary>Who paused an activity, when and why (PendingActivityInfo.pause_info).</summary>
internal sealed record ActivityPause(DateTimeOffset Time, string Identity, string Reason, string RequestId);

internal sealed record TimerInfo(string TimerId, long StartedEventId, DateTimeOffset FireTime);

internal sealed class ChildInfo
{
    public required long InitiatedEventId { get; init; }
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string WorkflowType { get; init; }
    public required ParentClosePolicy ParentClosePolicy { get; init; }
    public string? RunId { get; set; }
    public long StartedEventId { get; set; }
}

internal enum UpdateStage { Admitted, Sent, Accepted, Completed }

internal sealed class UpdateInfo
{
    public required string UpdateId { get; init; }
    public required Request Request { get; init; }
    public UpdateStage Stage { get; set; } = UpdateStage.Admitted;
    public Outcome? Outcome { get; set; }
    public long AcceptedEventId { get; set; }

    /// <summary>The run closed before the update completed; callers get an error.</summary>
    public bool Aborted { get; set; }
    public TaskCompletionSource Changed { get; set; } = ExecutionState.NewSignal();

    public void Advance(UpdateStage stage, Outcome? outcome = null)
    {
        Stage = stage;
        Outcome = outcome ?? Outcome;
        var changed = Changed;
        Changed = ExecutionState.NewSignal();
        changed.TrySetResult();
    }
}

internal sealed class PendingQuery
{
    public required string QueryId { get; init; }
    public required WorkflowQuery Query { get; init; }
    public bool Dispatched { get; set; }
    public TaskCompletionSource<QueryOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record QueryOutcome(Payloads? Answer, string? ErrorMessage, Failure? Failure);
