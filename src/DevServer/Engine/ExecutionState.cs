using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Everything the server knows about one workflow run. Plain data guarded by the engine's lock, so
/// that a store can later snapshot it as is: every timer and queued task is derivable from it.
/// </summary>
internal sealed class ExecutionState
{
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string RunId { get; init; }
    public required string FirstRunId { get; init; }
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }
    public required string StartRequestId { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset ExecutionTime { get; set; }
    public DateTimeOffset? CloseTime { get; set; }
    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;
    public TimeSpan WorkflowTaskTimeout { get; init; }
    public TimeSpan? RunTimeout { get; init; }
    public TimeSpan? ExecutionTimeout { get; init; }
    public Memo? Memo { get; set; }
    public SearchAttributes? SearchAttributes { get; set; }
    public ParentLink? Parent { get; init; }

    /// <summary>Events with ids, in order; the id of <c>History[i]</c> is <c>i + 1</c>.</summary>
    public List<HistoryEvent> History { get; } = [];

    /// <summary>Events that arrived while a workflow task was running (design rule 6).</summary>
    public List<HistoryEvent> BufferedEvents { get; } = [];

    public WorkflowTaskInfo? WorkflowTask { get; set; }
    public long LastCompletedWorkflowTaskStartedEventId { get; set; }
    public Dictionary<long, ActivityInfo> Activities { get; } = [];
    public Dictionary<string, TimerInfo> Timers { get; } = [];
    public Dictionary<long, ChildInfo> Children { get; } = [];
    public Dictionary<string, UpdateInfo> Updates { get; } = [];
    public List<PendingQuery> Queries { get; } = [];
    public HashSet<string> SeenRequestIds { get; } = [];
    public bool CancelRequested { get; set; }

    /// <summary>Set while a start delay or backoff holds back the first workflow task.</summary>
    public DateTimeOffset? WorkflowTaskBackoffUntil { get; set; }

    /// <summary>Completed when the next event is written; long polls on history wait on it.</summary>
    public TaskCompletionSource HistoryChanged { get; set; } = NewSignal();

    public long NextEventId => History.Count + 1;
    public bool IsRunning => Status == WorkflowExecutionStatus.Running;
    public WorkflowExecution Execution => new() { WorkflowId = WorkflowId, RunId = RunId };
    public ExecutionKey Key => new(Namespace, WorkflowId, RunId);
    public HistoryEvent? CloseEvent => IsRunning || History.Count == 0 ? null : History[^1];

    public long HistorySizeBytes => History.Sum(e => (long)e.CalculateSize());

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Appends an event to history, giving it its id, and wakes history long polls.</summary>
    public HistoryEvent Append(HistoryEvent historyEvent)
    {
        historyEvent.EventId = NextEventId;
        historyEvent.TaskId = historyEvent.EventId;
        History.Add(historyEvent);
        var changed = HistoryChanged;
        HistoryChanged = NewSignal();
        changed.TrySetResult();
        return historyEvent;
    }

    public static HistoryEvent NewEvent(EventType type, DateTimeOffset now) =>
        new() { EventType = type, EventTime = Timestamp.FromDateTimeOffset(now) };
}

internal readonly record struct ExecutionKey(string Namespace, string WorkflowId, string RunId);

internal sealed record ParentLink(string Namespace, string WorkflowId, string RunId, long InitiatedEventId);
