using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Activities: scheduling with normalised timeouts and retry policy, dispatch, heartbeats,
/// completion, retries (which write no events: design rule 5), timeouts and cancellation.
/// </summary>
internal sealed partial class TemporalEngine
{
    private void ScheduleActivity(ExecutionState run, ScheduleActivityTaskCommandAttributes a, long completedId)
    {
        var scheduleToClose = Positive(a.ScheduleToCloseTimeout) ?? run.RunTimeout;
        var startToClose = Positive(a.StartToCloseTimeout) ?? scheduleToClose!.Value;
        var scheduleToStart = Positive(a.ScheduleToStartTimeout) ?? scheduleToClose;
        var requestedHeartbeat = Positive(a.HeartbeatTimeout);
        var heartbeat = requestedHeartbeat > startToClose ? startToClose : requestedHeartbeat;
        var retry = NormalizedRetryPolicy(a.RetryPolicy);
        var taskQueue = string.IsNullOrEmpty(a.TaskQueue?.Name) ? run.TaskQueue : a.TaskQueue.Name;

        var scheduled = NewEvent(EventType.ActivityTaskScheduled);
        scheduled.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType,
            TaskQueue = new() { Name = taskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
            Header = a.Header,
            Input = a.Input,
            ScheduleToCloseTimeout = ToDuration(scheduleToClose),
            ScheduleToStartTimeout = ToDuration(scheduleToStart),
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = ToDuration(heartbeat),
            WorkflowTaskCompletedEventId = completedId,
            RetryPolicy = retry,
            Priority = a.Priority,
        };
        var eventId = run.Append(scheduled).EventId;
        var activity = new ActivityInfo
        {
            ScheduledEventId = eventId,
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType.Name,
            TaskQueue = taskQueue,
            FirstScheduledTime = Now,
            ScheduleToCloseTimeout = scheduleToClose,
            ScheduleToStartTimeout = scheduleToStart,
            StartToCloseTimeout = startToClose,
            HeartbeatTimeout = heartbeat,
            RetryPolicy = retry,
            Header = a.Header,
            Input = a.Input,
            Priority = a.Priority,
        };
        run.Activities[eventId] = activity;
        if (activity.ScheduleToCloseDeadline is { } deadline)
        {
            At(deadline, () => OnActivityTimeout(run, activity, activity.Attempt, TimeoutType.ScheduleToClose, anyAttempt: true));
        }
        DispatchActivity(run, activity);
    }

    private static RetryPolicy NormalizedRetryPolicy(RetryPolicy? requested)
    {
        var policy = requested?.Clone() ?? new RetryPolicy();
        if (policy.InitialInterval is null || policy.InitialInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            policy.InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        }
        if (policy.BackoffCoefficient < 1)
        {
            policy.BackoffCoefficient = 2;
        }
        if (policy.MaximumInterval is null || policy.MaximumInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            policy.MaximumInterval = Duration.FromTimeSpan(policy.InitialInterval.ToTimeSpan() * 100);
        }
        return policy;
    }

    private void DispatchActivity(ExecutionState run, ActivityInfo activity)
    {
        activity.Dispatchable = true;
        activity.CurrentAttemptScheduledTime = Now;
        EnqueueActivityTask(run, activity);
        if (activity.ScheduleToStartTimeout is { } scheduleToStart && scheduleToStart != activity.ScheduleToCloseTimeout)
        {
            ArmScheduleToStart(run, activity, Now + scheduleToStart);
        }
    }

    /// <summary>Bounds the wait of the queued attempt only: a pause, new options or a retry replace it.</summary>
    private void ArmScheduleToStart(ExecutionState run, ActivityInfo activity, DateTimeOffset due)
    {
        var (attempt, stamp) = (activity.Attempt, activity.Stamp);
        At(due, () =>
        {
            if (activity.Stamp == stamp)
            {
                OnActivityTimeout(run, activity, attempt, TimeoutType.ScheduleToStart);
            }
        });
    }

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(
        PollActivityTaskQueueRequest request, CancellationToken cancellationToken)
    {
        var queue = request.TaskQueue?.Name ?? throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        var response = await PollAsync(request.Namespace, queue, TaskKind.Activity,
            task => TryStartActivity(task, request.Identity), cancellationToken);
        return response ?? new PollActivityTaskQueueResponse();
    }

    private PollActivityTaskQueueResponse? TryStartActivity(QueuedTask queued, string identity)
    {
        if (!_runs.TryGetValue(queued.Execution, out var run) || !run.IsRunning
            || !run.Activities.TryGetValue(queued.EventId, out var activity)
            || activity.Attempt != queued.Attempt || activity.Stamp != queued.Stamp
            || activity.State != ActivityRunState.Scheduled || !activity.Dispatchable || activity.Paused)
        {
            return null;
        }
        var now = Now;
        activity.State = ActivityRunState.Started;
        activity.StartedTime = now;
        activity.LastHeartbeatTime = null;
        activity.LastWorkerIdentity = identity;
        var attempt = activity.Attempt;
        ArmAttemptTimeouts(run, activity);
        return new PollActivityTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.Activity, run.Namespace, run.WorkflowId, run.RunId, activity.ScheduledEventId, attempt).Encode(),
            WorkflowNamespace = run.Namespace,
            WorkflowType = new() { Name = run.WorkflowType },
            WorkflowExecution = run.Execution,
            ActivityType = new() { Name = activity.ActivityType },
            ActivityId = activity.ActivityId,
            Header = activity.Header,
            Input = activity.Input,
            HeartbeatDetails = activity.HeartbeatDetails,
            ScheduledTime = Timestamp.FromDateTimeOffset(activity.FirstScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(now),
            Attempt = attempt,
            ScheduleToCloseTimeout = ToDuration(activity.ScheduleToCloseTimeout),
            StartToCloseTimeout = Duration.FromTimeSpan(activity.StartToCloseTimeout),
            HeartbeatTimeout = ToDuration(activity.HeartbeatTimeout),
            RetryPolicy = activity.RetryPolicy,
            Priority = EffectivePriority(run, activity),
        };
    }

    /// <summary>Start-to-close and heartbeat timeouts of the running attempt, counted from its start.</summary>
    private void ArmAttemptTimeouts(ExecutionState run, ActivityInfo activity)
    {
        var attempt = activity.Attempt;
        var started = activity.StartedTime!.Value;
        At(started + activity.StartToCloseTimeout, () => OnActivityTimeout(run, activity, attempt, TimeoutType.StartToClose));
        if (activity.HeartbeatTimeout is { } heartbeat)
        {
            At((activity.LastHeartbeatTime ?? started) + heartbeat, () => OnActivityTimeout(run, activity, attempt, TimeoutType.Heartbeat));
        }
    }

    public RecordActivityTaskHeartbeatResponse RecordActivityTaskHeartbeat(ByteString token, Payloads? details) => Step(() =>
    {
        var (run, activity) = RequireStartedActivity(token);
        if (OversizedActivityPayload(details, "Heartbeat details exceed size limit.") is { } tooLarge)
        {
            FailActivityAttempt(run, activity, tooLarge, timeoutType: null);
            return new RecordActivityTaskHeartbeatResponse { CancelRequested = true };
        }
        activity.HeartbeatDetails = details ?? activity.HeartbeatDetails;
        activity.LastHeartbeatTime = Now;
        return new RecordActivityTaskHeartbeatResponse
        {
            CancelRequested = activity.CancelRequested,
            ActivityPaused = activity.Paused,
            ActivityReset = activity.ResetRequested,
        };
    });

    public void CompleteActivity(ByteString token, Payloads? result, string identity) => Step(() =>
    {
        var (run, activity) = RequireStartedActivity(token);
        if (OversizedActivityPayload(result, "Complete result exceeds size limit.") is { } tooLarge)
        {
            activity.LastWorkerIdentity = identity;
            FailActivityAttempt(run, activity, tooLarge, timeoutType: null);
            return;
        }
        var completed = NewEvent(EventType.ActivityTaskCompleted);
        completed.ActivityTaskCompletedEventAttributes = new()
        {
            Result = result,
            ScheduledEventId = activity.ScheduledEventId,
            Identity = identity,
        };
        EndActivity(run, activity, completed, identity);
    });

    public void FailActivity(ByteString token, Failure? failure, Payloads? lastHeartbeatDetails, string identity) => Step(() =>
    {
        var (run, activity) = RequireStartedActivity(token);
        activity.HeartbeatDetails = lastHeartbeatDetails ?? activity.HeartbeatDetails;
        activity.LastWorkerIdentity = identity;
        failure = OversizedActivityPayload(failure, "Failure exceeds size limit.") ?? failure;
        FailActivityAttempt(run, activity, failure ?? new Failure { Message = "activity failed" }, timeoutType: null);
    });

    public void CancelActivity(ByteString token, Payloads? details, string identity) => Step(() =>
    {
        var (run, activity) = RequireStartedActivity(token);
        if (!activity.CancelRequested)
        {
            throw RpcErrors.InvalidArgument("unable to mark activity as canceled without activity being request canceled first");
        }
        if (OversizedActivityPayload(details, "Cancel details exceed size limit.") is { } tooLarge)
        {
            activity.LastWorkerIdentity = identity;
            FailActivityAttempt(run, activity, tooLarge, timeoutType: null);
            return;
        }
        var canceled = NewEvent(EventType.ActivityTaskCanceled);
        canceled.ActivityTaskCanceledEventAttributes = new()
        {
            Details = details,
            ScheduledEventId = activity.ScheduledEventId,
            LatestCancelRequestedEventId = activity.CancelRequestedEventId,
            Identity = identity,
        };
        EndActivity(run, activity, canceled, identity);
    });

    /// <summary>The *ById calls name an activity by workflow and activity id instead of a token.</summary>
    public ByteString TokenForActivity(string ns, string workflowId, string runId, string activityId) => Step(() =>
    {
        var run = RequireRunningRun(ns, new WorkflowExecution { WorkflowId = workflowId, RunId = runId });
        var activity = run.Activities.Values.FirstOrDefault(a => a.ActivityId == activityId && a.State == ActivityRunState.Started)
            ?? throw RpcErrors.NotFound($"activity {activityId} is not running");
        return new TaskToken(TaskTokenKind.Activity, run.Namespace, run.WorkflowId, run.RunId, activity.ScheduledEventId, activity.Attempt).Encode();
    });

    /// <summary>Fails one attempt: retried per policy with no event written, or the activity fails for good.</summary>
    private void FailActivityAttempt(ExecutionState run, ActivityInfo activity, Failure failure, TimeoutType? timeoutType)
    {
        var retryState = RetryDecision(activity, failure, out var delay);
        activity.LastAttemptCompleteTime = Now;
        if (retryState == HeldByPause)
        {
            // The real server counts the attempt but holds the next one back until unpaused.
            activity.Attempt++;
            activity.Stamp++;
            activity.State = ActivityRunState.Scheduled;
            activity.Dispatchable = false;
            activity.StartedTime = null;
            activity.LastFailure = failure;
            return;
        }
        if (retryState == RetryState.InProgress)
        {
            activity.Attempt++;
            activity.State = ActivityRunState.Scheduled;
            activity.StartedTime = null;
            activity.LastFailure = failure;
            if (activity.ResetHeartbeatsOnRetry)
            {
                activity.HeartbeatDetails = null;
                activity.LastHeartbeatTime = null;
            }
            activity.ResetRequested = false;
            activity.ResetHeartbeatsOnRetry = false;
            DispatchActivityAt(run, activity, activity.LastAttemptCompleteTime.Value + delay);
            return;
        }
        HistoryEvent outcome;
        if (timeoutType is { } type)
        {
            outcome = NewEvent(EventType.ActivityTaskTimedOut);
            outcome.ActivityTaskTimedOutEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = activity.ScheduledEventId,
                RetryState = retryState,
            };
        }
        else
        {
            outcome = NewEvent(EventType.ActivityTaskFailed);
            outcome.ActivityTaskFailedEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = activity.ScheduledEventId,
                Identity = activity.LastWorkerIdentity,
                RetryState = retryState,
            };
        }
        EndActivity(run, activity, outcome, activity.LastWorkerIdentity);
    }

    /// <summary>
    /// Not a proto value and never written: the failed attempt of a paused activity would be
    /// retried, but the retry waits for UnpauseActivity (the real server skips the policy's limits).
    /// </summary>
    private const RetryState HeldByPause = (RetryState)(-1);

    private RetryState RetryDecision(ActivityInfo activity, Failure failure, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        var policy = activity.RetryPolicy;
        var appInfo = failure.ApplicationFailureInfo;
        if (activity.CancelRequested)
        {
            return RetryState.CancelRequested;
        }
        if (appInfo is { NonRetryable: true } || failure.ServerFailureInfo is { NonRetryable: true } || (appInfo is not null && policy.NonRetryableErrorTypes.Contains(appInfo.Type)))
        {
            return RetryState.NonRetryableFailure;
        }
        if (activity.Paused)
        {
            return HeldByPause;
        }
        if (policy.MaximumAttempts > 0 && activity.Attempt >= policy.MaximumAttempts)
        {
            return RetryState.MaximumAttemptsReached;
        }
        var backoff = policy.InitialInterval.ToTimeSpan() * Math.Pow(policy.BackoffCoefficient, activity.Attempt - 1);
        var maximum = policy.MaximumInterval.ToTimeSpan();
        delay = appInfo?.NextRetryDelay?.ToTimeSpan() is { } requested && requested > TimeSpan.Zero
            ? requested
            : backoff > maximum ? maximum : backoff;
        if (activity.ScheduleToCloseDeadline is { } deadline && Now + delay >= deadline)
        {
            return RetryState.Timeout;
        }
        return RetryState.InProgress;
    }

    private void OnActivityTimeout(ExecutionState run, ActivityInfo activity, int attempt, TimeoutType type, bool anyAttempt = false)
    {
        if (!run.IsRunning || !run.Activities.ContainsKey(activity.ScheduledEventId) || (!anyAttempt && activity.Attempt != attempt))
        {
            return;
        }
        var started = activity.State == ActivityRunState.Started;
        switch (type)
        {
            case TimeoutType.ScheduleToStart when started:
            case TimeoutType.StartToClose when !started:
            case TimeoutType.Heartbeat when !started || activity.HeartbeatTimeout is null:
                return;
            case TimeoutType.StartToClose when activity.StartedTime!.Value + activity.StartToCloseTimeout > Now:
            case TimeoutType.ScheduleToClose when activity.ScheduleToCloseDeadline is not { } closeBy || closeBy > Now:
                // Armed under options UpdateActivityOptions has since changed: the timer armed for the new ones decides.
                return;
            case TimeoutType.Heartbeat:
                var last = activity.LastHeartbeatTime ?? activity.StartedTime!.Value;
                var due = last + activity.HeartbeatTimeout!.Value;
                if (due > Now)
                {
                    At(due, () => OnActivityTimeout(run, activity, attempt, TimeoutType.Heartbeat));
                    return;
                }
                break;
        }
        var failure = new Failure
        {
            Message = $"activity {TimeoutName(type)} timeout",
            Source = "Server",
            TimeoutFailureInfo = new() { TimeoutType = type, LastHeartbeatDetails = activity.HeartbeatDetails },
            Cause = type == TimeoutType.ScheduleToClose ? activity.LastFailure : null,
        };
        if (type is TimeoutType.ScheduleToStart or TimeoutType.ScheduleToClose)
        {
            // Neither is retried: both bound the activity as a whole, not one attempt.
            var timedOut = NewEvent(EventType.ActivityTaskTimedOut);
            timedOut.ActivityTaskTimedOutEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = activity.ScheduledEventId,
                RetryState = RetryState.Timeout,
            };
            EndActivity(run, activity, timedOut, activity.LastWorkerIdentity);
            return;
        }
        FailActivityAttempt(run, activity, failure, type);
    }

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.StartToClose => "StartToClose",
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        TimeoutType.Heartbeat => "Heartbeat",
        _ => type.ToString(),
    };

    /// <summary>
    /// Writes an activity's end: its ActivityTaskStarted event first when the attempt had started
    /// (design rule 5), then the outcome, which points at it.
    /// </summary>
    private void EndActivity(ExecutionState run, ActivityInfo activity, HistoryEvent outcome, string identity)
    {
        run.Activities.Remove(activity.ScheduledEventId);
        HistoryEvent? started = null;
        if (activity.State == ActivityRunState.Started)
        {
            started = ExecutionState.NewEvent(EventType.ActivityTaskStarted, activity.StartedTime!.Value);
            started.ActivityTaskStartedEventAttributes = new()
            {
                ScheduledEventId = activity.ScheduledEventId,
                Identity = identity,
                RequestId = Guid.NewGuid().ToString(),
                Attempt = activity.Attempt,
                LastFailure = activity.LastFailure,
            };
        }
        if (started is null)
        {
            AddEvent(run, outcome);
            return;
        }
        var buffering = run.WorkflowTask is { IsStarted: true };
        SetStartedEventId(outcome, buffering ? Unassigned : run.NextEventId);
        AddEvent(run, started, outcome);
    }

    private static void SetStartedEventId(HistoryEvent outcome, long startedId)
    {
        switch (outcome.EventType)
        {
            case EventType.ActivityTaskCompleted: outcome.ActivityTaskCompletedEventAttributes.StartedEventId = startedId; break;
            case EventType.ActivityTaskFailed: outcome.ActivityTaskFailedEventAttributes.StartedEventId = startedId; break;
            case EventType.ActivityTaskTimedOut: outcome.ActivityTaskTimedOutEventAttributes.StartedEventId = startedId; break;
            case EventType.ActivityTaskCanceled: outcome.ActivityTaskCanceledEventAttributes.StartedEventId = startedId; break;
        }
    }

    private void RequestCancelActivity(ExecutionState run, long scheduledEventId, long completedId)
    {
        var requested = NewEvent(EventType.ActivityTaskCancelRequested);
        requested.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = completedId,
        };
        var requestedId = run.Append(requested).EventId;
        if (!run.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            // It ended while this task ran: its buffered end follows the request, as on the real server.
            return;
        }
        activity.CancelRequestedEventId = requestedId;
        activity.CancelRequested = true;
        if (activity.State == ActivityRunState.Scheduled)
        {
            // Not running anywhere: nothing to tell, so it is cancelled at once.
            var canceled = NewEvent(EventType.ActivityTaskCanceled);
            canceled.ActivityTaskCanceledEventAttributes = new()
            {
                ScheduledEventId = scheduledEventId,
                LatestCancelRequestedEventId = activity.CancelRequestedEventId,
            };
            run.Activities.Remove(scheduledEventId);
            AfterStep(() => AddEvent(run, canceled));
        }
    }

    private (ExecutionState Run, ActivityInfo Activity) RequireStartedActivity(ByteString token)
    {
        var decoded = TaskToken.TryDecode(token);
        if (decoded is not { Kind: TaskTokenKind.Activity })
        {
            throw RpcErrors.InvalidArgument("Invalid task token.");
        }
        if (_runs.TryGetValue(decoded.Key, out var run) && run.IsRunning
            && run.Activities.TryGetValue(decoded.EventId, out var activity)
            && activity.Attempt == decoded.Attempt && activity.State == ActivityRunState.Started)
        {
            return (run, activity);
        }
        throw RpcErrors.NotFound("activity task not found.");
    }
}
