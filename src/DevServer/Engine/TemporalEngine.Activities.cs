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
        _queues.Add(run.Namespace, activity.TaskQueue, TaskKind.Activity,
            new QueuedTask(run.Key, activity.ScheduledEventId, activity.Attempt));
        if (activity.ScheduleToStartTimeout is { } scheduleToStart && scheduleToStart != activity.ScheduleToCloseTimeout)
        {
            var attempt = activity.Attempt;
            At(Now + scheduleToStart, () => OnActivityTimeout(run, activity, attempt, TimeoutType.ScheduleToStart));
        }
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
            || activity.Attempt != queued.Attempt || activity.State != ActivityRunState.Scheduled || !activity.Dispatchable)
        {
            return null;
        }
        var now = Now;
        activity.State = ActivityRunState.Started;
        activity.StartedTime = now;
        activity.LastHeartbeatTime = null;
        activity.LastWorkerIdentity = identity;
        var attempt = activity.Attempt;
        At(now + activity.StartToCloseTimeout, () => OnActivityTimeout(run, activity, attempt, TimeoutType.StartToClose));
        if (activity.HeartbeatTimeout is { } heartbeat)
        {
            At(now + heartbeat, () => OnActivityTimeout(run, activity, attempt, TimeoutType.Heartbeat));
        }
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
        };
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
        return new RecordActivityTaskHeartbeatResponse { CancelRequested = activity.CancelRequested };
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
        if (retryState == RetryState.InProgress)
        {
            activity.Attempt++;
            activity.State = ActivityRunState.Scheduled;
            activity.Dispatchable = false;
            activity.StartedTime = null;
            activity.LastFailure = failure;
            // When the next attempt is due: shown by describe, and what a restart from a database waits for.
            activity.CurrentAttemptScheduledTime = Now + delay;
            var attempt = activity.Attempt;
            At(Now + delay, () =>
            {
                if (run.IsRunning && run.Activities.ContainsKey(activity.ScheduledEventId) && activity.Attempt == attempt)
                {
                    DispatchActivity(run, activity);
                }
            });
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
            case TimeoutType.Heartbeat when !started:
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
