using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// ResetWorkflowExecution, as the real server's workflow resetter: a new run whose history is the
/// base run's up to the workflow task that ends at the reset point, that task failed with cause
/// RESET_WORKFLOW, the signals received after the reset point reapplied, and a new workflow task.
/// The current run, if running, is terminated with the reset reason.
/// </summary>
internal sealed partial class TemporalEngine
{
    private const string ResetterIdentity = "history-resetter";
    private const string HistoryServiceIdentity = "history-service";

    public ResetWorkflowExecutionResponse ResetWorkflowExecution(ResetWorkflowExecutionRequest request) => Step(() =>
    {
        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw RpcErrors.InvalidArgument("RequestId is not set on request.");
        }
        var baseRun = RequireRun(request.Namespace, request.WorkflowExecution);
        var finishId = request.WorkflowTaskFinishEventId;
        if (finishId <= 1 || finishId >= baseRun.NextEventId)
        {
            throw RpcErrors.InvalidArgument("Workflow task finish ID must be > 1 && <= workflow last event ID.");
        }
        var chain = _chains[(baseRun.Namespace, baseRun.WorkflowId)];
        var current = chain[^1];
        if (current.SeenRequestIds.Contains(ResetRequestKey(request.RequestId)))
        {
            return new ResetWorkflowExecutionResponse { RunId = current.RunId };
        }
        var prefix = baseRun.History.Take((int)finishId - 1).ToList();
        var pendingTask = PendingWorkflowTaskAt(prefix)
            ?? throw RpcErrors.InvalidArgument(
                $"Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: {finishId}");
        if (HasPendingChildren(prefix))
        {
            // Simplified: the real server can carry pending children over (AllowResetWithPendingChildren).
            throw RpcErrors.InvalidArgument("WorkflowResetter encountered pending child workflows.");
        }
        Terminate(current, request.Reason, null, ResetterIdentity);
        var signals = SignalsToReapply(chain, baseRun, finishId, request);
        var resetRun = CreateResetRun(baseRun, prefix, pendingTask, request.Reason, signals);
        resetRun.SeenRequestIds.Add(ResetRequestKey(request.RequestId));
        return new ResetWorkflowExecutionResponse { RunId = resetRun.RunId };
    });

    /// <summary>Kept among a run's request ids, apart from signal request ids, so a repeated reset returns the same run.</summary>
    private static string ResetRequestKey(string requestId) => "reset:" + requestId;

    /// <summary>The workflow task open at the end of the prefix: its scheduled event and, if any, its started event.</summary>
    private static (HistoryEvent Scheduled, HistoryEvent? Started)? PendingWorkflowTaskAt(List<HistoryEvent> prefix)
    {
        (HistoryEvent Scheduled, HistoryEvent? Started)? pending = null;
        foreach (var e in prefix)
        {
            switch (e.EventType)
            {
                case EventType.WorkflowTaskScheduled:
                    pending = (e, null);
                    break;
                case EventType.WorkflowTaskStarted when pending is { } p:
                    pending = (p.Scheduled, e);
                    break;
                case EventType.WorkflowTaskCompleted or EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut:
                    pending = null;
                    break;
            }
        }
        return pending;
    }

    private static bool HasPendingChildren(List<HistoryEvent> prefix)
    {
        var pending = new HashSet<long>();
        foreach (var e in prefix)
        {
            if (e.EventType == EventType.StartChildWorkflowExecutionInitiated)
            {
                pending.Add(e.EventId);
            }
            else if (ChildInitiatedEventId(e) is { } initiated)
            {
                pending.Remove(initiated);
            }
        }
        return pending.Count > 0;
    }

    private static long? ChildInitiatedEventId(HistoryEvent e) => e.EventType switch
    {
        EventType.StartChildWorkflowExecutionFailed => e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        EventType.ChildWorkflowExecutionCompleted => e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId,
        EventType.ChildWorkflowExecutionFailed => e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        EventType.ChildWorkflowExecutionCanceled => e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId,
        EventType.ChildWorkflowExecutionTimedOut => e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId,
        EventType.ChildWorkflowExecutionTerminated => e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId,
        _ => null,
    };

    /// <summary>
    /// Signals written after the reset point, in the base run and the runs it continued as, unless the
    /// reapply type is NONE or signals are excluded. Updates are not reapplied (simplified: the real
    /// server reapplies them too for ALL_ELIGIBLE).
    /// </summary>
    private static List<WorkflowExecutionSignaledEventAttributes> SignalsToReapply(
        List<ExecutionState> chain, ExecutionState baseRun, long finishId, ResetWorkflowExecutionRequest request)
    {
        if (request.ResetReapplyType == ResetReapplyType.None || request.ResetReapplyExcludeTypes.Contains(ResetReapplyExcludeType.Signal))
        {
            return [];
        }
        var signals = new List<WorkflowExecutionSignaledEventAttributes>();
        var run = baseRun;
        var from = finishId;
        while (run is not null)
        {
            signals.AddRange(run.History
                .Where(e => e.EventId >= from && e.EventType == EventType.WorkflowExecutionSignaled)
                .Select(e => e.WorkflowExecutionSignaledEventAttributes));
            var nextRunId = run.CloseEvent?.WorkflowExecutionContinuedAsNewEventAttributes?.NewExecutionRunId;
            run = string.IsNullOrEmpty(nextRunId) ? null : chain.FirstOrDefault(r => r.RunId == nextRunId);
            from = 1;
        }
        return signals;
    }

    private ExecutionState CreateResetRun(
        ExecutionState baseRun, List<HistoryEvent> prefix, (HistoryEvent Scheduled, HistoryEvent? Started) pendingTask,
        string reason, List<WorkflowExecutionSignaledEventAttributes> signals)
    {
        var now = Now;
        var run = new ExecutionState
        {
            Namespace = baseRun.Namespace,
            WorkflowId = baseRun.WorkflowId,
            RunId = Guid.NewGuid().ToString(),
            FirstRunId = baseRun.FirstRunId,
            WorkflowType = baseRun.WorkflowType,
            TaskQueue = baseRun.TaskQueue,
            // As the real server: the reset run keeps the original start's request id.
            StartRequestId = baseRun.StartRequestId,
            StartTime = now,
            ExecutionTime = now,
            WorkflowTaskTimeout = baseRun.WorkflowTaskTimeout,
            RunTimeout = baseRun.RunTimeout,
            ExecutionTimeout = baseRun.ExecutionTimeout,
            // Simplified: memo and search attributes are the base run's latest, not rebuilt up to the reset point.
            Memo = baseRun.Memo?.Clone(),
            SearchAttributes = baseRun.SearchAttributes?.Clone(),
            Parent = baseRun.Parent,
        };
        foreach (var e in prefix)
        {
            run.Append(e.Clone());
        }
        RebuildPendingState(run);
        var startedId = pendingTask.Started?.EventId ?? AppendResetTaskStarted(run, pendingTask.Scheduled.EventId).EventId;
        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new()
        {
            ScheduledEventId = pendingTask.Scheduled.EventId,
            StartedEventId = startedId,
            Cause = WorkflowTaskFailedCause.ResetWorkflow,
            Failure = new Failure { Message = reason, ResetWorkflowFailureInfo = new() },
            Identity = HistoryServiceIdentity,
            BaseRunId = baseRun.RunId,
            NewRunId = run.RunId,
        };
        run.Append(failed);
        foreach (var signal in signals)
        {
            var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
            signaled.WorkflowExecutionSignaledEventAttributes = signal.Clone();
            run.Append(signaled);
        }
        _chains[(run.Namespace, run.WorkflowId)].Add(run);
        _runs[run.Key] = run;
        ArmResetRun(run);
        ScheduleWorkflowTask(run);
        return run;
    }

    private HistoryEvent AppendResetTaskStarted(ExecutionState run, long scheduledEventId)
    {
        var started = NewEvent(EventType.WorkflowTaskStarted);
        started.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            Identity = HistoryServiceIdentity,
            RequestId = Guid.NewGuid().ToString(),
        };
        return run.Append(started);
    }

    /// <summary>The activities, timers and flags open at the reset point, read from the copied history.</summary>
    private static void RebuildPendingState(ExecutionState run)
    {
        foreach (var e in run.History)
        {
            switch (e.EventType)
            {
                case EventType.ActivityTaskScheduled:
                    run.Activities[e.EventId] = ActivityFromScheduledEvent(run, e);
                    break;
                case EventType.ActivityTaskCompleted:
                    run.Activities.Remove(e.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskFailed:
                    run.Activities.Remove(e.ActivityTaskFailedEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskTimedOut:
                    run.Activities.Remove(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskCanceled:
                    run.Activities.Remove(e.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                    break;
                case EventType.ActivityTaskCancelRequested
                    when run.Activities.TryGetValue(e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId, out var canceled):
                    canceled.CancelRequested = true;
                    canceled.CancelRequestedEventId = e.EventId;
                    break;
                case EventType.TimerStarted:
                    var timer = e.TimerStartedEventAttributes;
                    run.Timers[timer.TimerId] = new TimerInfo(
                        timer.TimerId, e.EventId, e.EventTime.ToDateTimeOffset() + timer.StartToFireTimeout.ToTimeSpan());
                    break;
                case EventType.TimerFired:
                    run.Timers.Remove(e.TimerFiredEventAttributes.TimerId);
                    break;
                case EventType.TimerCanceled:
                    run.Timers.Remove(e.TimerCanceledEventAttributes.TimerId);
                    break;
                case EventType.WorkflowTaskCompleted:
                    run.LastCompletedWorkflowTaskStartedEventId = e.WorkflowTaskCompletedEventAttributes.StartedEventId;
                    break;
                case EventType.WorkflowExecutionCancelRequested:
                    run.CancelRequested = true;
                    break;
            }
        }
    }

    /// <summary>An activity open at the reset point starts over at attempt 1, scheduled now (as the real server).</summary>
    private static ActivityInfo ActivityFromScheduledEvent(ExecutionState run, HistoryEvent e)
    {
        var a = e.ActivityTaskScheduledEventAttributes;
        return new ActivityInfo
        {
            ScheduledEventId = e.EventId,
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType.Name,
            TaskQueue = a.TaskQueue?.Name is { Length: > 0 } queue ? queue : run.TaskQueue,
            FirstScheduledTime = run.StartTime,
            ScheduleToCloseTimeout = Positive(a.ScheduleToCloseTimeout),
            ScheduleToStartTimeout = Positive(a.ScheduleToStartTimeout),
            StartToCloseTimeout = a.StartToCloseTimeout.ToTimeSpan(),
            HeartbeatTimeout = Positive(a.HeartbeatTimeout),
            RetryPolicy = NormalizedRetryPolicy(a.RetryPolicy),
            Header = a.Header,
            Input = a.Input,
        };
    }

    /// <summary>The run's deadline, its timers and its activities, as for a run loaded from a database.</summary>
    private void ArmResetRun(ExecutionState run)
    {
        var started = run.History[0].WorkflowExecutionStartedEventAttributes;
        if (RunDeadline(run.StartTime, run.RunTimeout, started.WorkflowExecutionExpirationTime?.ToDateTimeOffset()) is { } deadline)
        {
            At(deadline, () => TimeOutRun(run));
        }
        foreach (var timer in run.Timers.Values)
        {
            At(timer.FireTime, () => FireTimer(run, timer));
        }
        foreach (var activity in run.Activities.Values)
        {
            if (activity.ScheduleToCloseDeadline is { } activityDeadline)
            {
                At(activityDeadline, () => OnActivityTimeout(run, activity, activity.Attempt, TimeoutType.ScheduleToClose, anyAttempt: true));
            }
            DispatchActivity(run, activity);
        }
    }

    /// <summary>Reset links shown by describe: the run a run was last reset to, and when a reset run was made.</summary>
    private Temporalio.Api.Workflow.V1.WorkflowExecutionExtendedInfo ResetInfo(ExecutionState run)
    {
        var info = new Temporalio.Api.Workflow.V1.WorkflowExecutionExtendedInfo
        {
            OriginalStartTime = run.History[0].EventTime,
            CancelRequested = run.CancelRequested,
        };
        foreach (var other in _chains[(run.Namespace, run.WorkflowId)])
        {
            foreach (var e in other.History.Where(e => e.EventType == EventType.WorkflowTaskFailed
                && e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.ResetWorkflow))
            {
                var failed = e.WorkflowTaskFailedEventAttributes;
                if (failed.BaseRunId == run.RunId && failed.NewRunId == other.RunId)
                {
                    info.ResetRunId = other.RunId;
                }
                if (other == run && failed.NewRunId == run.RunId)
                {
                    info.LastResetTime = e.EventTime;
                }
            }
        }
        return info;
    }

    /// <summary>
    /// The real server's auto-reset points, derived from the run's history: one per distinct
    /// (binary checksum, build id) of the workers that completed its workflow tasks, at the first
    /// task each completed, the last 20 kept. Resettable unless a child was pending there.
    /// </summary>
    private static Temporalio.Api.Workflow.V1.ResetPoints AutoResetPoints(ExecutionState run)
    {
        const int maxResetPoints = 20;
        var points = new List<Temporalio.Api.Workflow.V1.ResetPointInfo>();
        for (var i = 0; i < run.History.Count; i++)
        {
            var e = run.History[i];
            if (e.EventType != EventType.WorkflowTaskCompleted)
            {
                continue;
            }
            var completed = e.WorkflowTaskCompletedEventAttributes;
            var buildId = completed.Deployment?.BuildId is { Length: > 0 } deployed ? deployed : completed.WorkerVersion?.BuildId ?? "";
            if (points.Any(p => p.BinaryChecksum == completed.BinaryChecksum && p.BuildId == buildId))
            {
                continue;
            }
            points.Add(new()
            {
                BinaryChecksum = completed.BinaryChecksum,
                BuildId = buildId,
                RunId = run.RunId,
                FirstWorkflowTaskCompletedId = e.EventId,
                CreateTime = e.EventTime,
                Resettable = !HasPendingChildren(run.History.Take(i).ToList()),
            });
        }
        var resetPoints = new Temporalio.Api.Workflow.V1.ResetPoints();
        resetPoints.Points.AddRange(points.TakeLast(maxResetPoints));
        return resetPoints;
    }
}
