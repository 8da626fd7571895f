using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>Workflow tasks: scheduling, dispatch to pollers, timeouts and failures.</summary>
internal sealed partial class TemporalEngine
{
    private void ScheduleWorkflowTask(ExecutionState run, WorkflowTaskKind kind = WorkflowTaskKind.Normal, int attempt = 1)
    {
        if (!run.IsRunning || run.WorkflowTask is not null || run.WorkflowTaskBackoffUntil is not null)
        {
            return;
        }
        var task = new WorkflowTaskInfo
        {
            Kind = kind,
            Attempt = attempt,
            ScheduledTime = Now,
            Serial = ++_nextWorkflowTaskSerial,
        };
        run.WorkflowTask = task;
        if (kind == WorkflowTaskKind.Normal)
        {
            WriteScheduledEvent(run, task);
        }
        // Repeated failures back off (capped) so a broken workflow does not spin a worker.
        var backoff = attempt < 3 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 3), 60));
        if (backoff == TimeSpan.Zero)
        {
            EnqueueWorkflowTask(run, task);
        }
        else
        {
            At(Now + backoff, () =>
            {
                if (run.WorkflowTask == task && !task.IsStarted)
                {
                    EnqueueWorkflowTask(run, task);
                }
            });
        }
    }

    private void EnqueueWorkflowTask(ExecutionState run, WorkflowTaskInfo task) =>
        _queues.Add(run.Namespace, run.TaskQueue, TaskKind.Workflow, new QueuedTask(run.Key, task.Serial, task.Attempt,
            PriorityKey: EffectivePriorityKey(WorkflowPriority(run))));

    private void WriteScheduledEvent(ExecutionState run, WorkflowTaskInfo task)
    {
        task.Kind = WorkflowTaskKind.Normal;
        var scheduled = run.Append(ScheduledEventFor(run, task));
        task.ScheduledEventId = scheduled.EventId;
    }

    private HistoryEvent ScheduledEventFor(ExecutionState run, WorkflowTaskInfo task)
    {
        var scheduled = ExecutionState.NewEvent(EventType.WorkflowTaskScheduled, task.ScheduledTime);
        scheduled.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = new() { Name = run.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(run.WorkflowTaskTimeout),
            Attempt = task.Attempt,
        };
        return scheduled;
    }

    private HistoryEvent StartedEventFor(ExecutionState run, WorkflowTaskInfo task)
    {
        var started = ExecutionState.NewEvent(EventType.WorkflowTaskStarted, task.StartedTime);
        var historySize = HistorySize(run);
        started.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = task.ScheduledEventId,
            Identity = task.Identity,
            RequestId = Guid.NewGuid().ToString(),
            HistorySizeBytes = historySize,
            SuggestContinueAsNew = SuggestsContinueAsNew(run, historySize),
        };
        return started;
    }

    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(
        PollWorkflowTaskQueueRequest request, CancellationToken cancellationToken)
    {
        RequireNamespace(request.Namespace);
        var queue = request.TaskQueue?.Name ?? throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        if (request.TaskQueue.Kind == Temporalio.Api.Enums.V1.TaskQueueKind.Sticky && !string.IsNullOrEmpty(request.TaskQueue.NormalName))
        {
            // No sticky queues here (design rule 8): a sticky poller takes from the normal queue, so
            // the worker's sticky pollers do useful work instead of idling (about +30% throughput).
            queue = request.TaskQueue.NormalName;
        }
        var response = await PollAsync(request.Namespace, queue, TaskKind.Workflow,
            task => TryStartWorkflowTask(task, request.Identity), cancellationToken);
        return response ?? new PollWorkflowTaskQueueResponse();
    }

    /// <summary>
    /// The long poll shared by both task kinds: take a valid task, or wait for one until the poll
    /// timeout. Stale queue entries (a task already timed out or completed) are skipped.
    /// </summary>
    private async Task<T?> PollAsync<T>(
        string ns, string queue, TaskKind kind, Func<QueuedTask, T?> tryStart, CancellationToken cancellationToken)
        where T : class
    {
        ns = RequireNamespace(ns).Name;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.PollTimeout);
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (TryTakeLocked(ns, queue, kind, tryStart) is { } found)
                {
                    return found;
                }
                wait = _queues.WaitForWork(ns, queue, kind);
            }
            await Task.WhenAny(wait, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
            if (timeout.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _queues.Abandon(ns, queue, kind, wait);
                    // A poll that timed out takes what arrived meanwhile; one whose caller left takes nothing.
                    return cancellationToken.IsCancellationRequested ? null : TryTakeLocked(ns, queue, kind, tryStart);
                }
            }
        }
    }

    private T? TryTakeLocked<T>(string ns, string queue, TaskKind kind, Func<QueuedTask, T?> tryStart) where T : class
    {
        while (_queues.TryTake(ns, queue, kind, out var task))
        {
            T? started = null;
            Step(() => { started = tryStart(task); });
            if (started is not null)
            {
                return started;
            }
        }
        return null;
    }

    private PollWorkflowTaskQueueResponse? TryStartWorkflowTask(QueuedTask queued, string identity)
    {
        if (!_runs.TryGetValue(queued.Execution, out var run))
        {
            return null;
        }
        if (queued.QueryId.Length > 0)
        {
            return TryStartLegacyQueryTask(run, queued.QueryId);
        }
        var task = run.WorkflowTask;
        if (!run.IsRunning || task is null || task.Serial != queued.EventId || task.IsStarted)
        {
            return null;
        }
        task.Identity = identity;
        task.StartedTime = Now;
        var synthesized = new List<HistoryEvent>();
        if (task.Kind == WorkflowTaskKind.Normal)
        {
            task.StartedEventId = run.Append(StartedEventFor(run, task)).EventId;
        }
        else
        {
            // Transient and speculative tasks are shown to the worker but written only if they complete.
            task.ScheduledEventId = run.NextEventId;
            task.StartedEventId = run.NextEventId + 1;
            var scheduled = ScheduledEventFor(run, task);
            scheduled.EventId = task.ScheduledEventId;
            var started = StartedEventFor(run, task);
            started.EventId = task.StartedEventId;
            synthesized.Add(scheduled);
            synthesized.Add(started);
        }
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.Workflow, run.Namespace, run.WorkflowId, run.RunId, task.Serial, task.Attempt).Encode(),
            WorkflowExecution = run.Execution,
            WorkflowType = new() { Name = run.WorkflowType },
            PreviousStartedEventId = run.LastCompletedWorkflowTaskStartedEventId,
            StartedEventId = task.StartedEventId,
            Attempt = task.Attempt,
            BacklogCountHint = _queues.Backlog(run.Namespace, run.TaskQueue, TaskKind.Workflow),
            History = new(),
            WorkflowExecutionTaskQueue = new() { Name = run.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
            ScheduledTime = Timestamp.FromDateTimeOffset(task.ScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(task.StartedTime),
        };
        response.History.Events.AddRange(run.History);
        response.History.Events.AddRange(synthesized);
        AttachQueries(run, task, response);
        AttachUpdates(run, task, response);
        var serial = task.Serial;
        At(task.StartedTime + run.WorkflowTaskTimeout, () => OnWorkflowTaskTimeout(run, serial));
        return response;
    }

    private void OnWorkflowTaskTimeout(ExecutionState run, long serial)
    {
        if (run.WorkflowTask is { IsStarted: true } task && task.Serial == serial && run.IsRunning)
        {
            var timedOut = NewEvent(EventType.WorkflowTaskTimedOut);
            timedOut.WorkflowTaskTimedOutEventAttributes = new()
            {
                ScheduledEventId = task.ScheduledEventId,
                StartedEventId = task.StartedEventId,
                TimeoutType = TimeoutType.StartToClose,
            };
            EndWorkflowTaskAttempt(run, task, timedOut, mustWrite: false);
        }
    }

    public RespondWorkflowTaskFailedResponse RespondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest request) => Step(() =>
    {
        var (run, task) = RequireStartedWorkflowTask(request.TaskToken);
        var failed = WorkflowTaskFailedEvent(task, request.Cause, request.Failure, request.Identity);
        EndWorkflowTaskAttempt(run, task, failed, mustWrite: false);
        return new RespondWorkflowTaskFailedResponse();
    });

    private HistoryEvent WorkflowTaskFailedEvent(WorkflowTaskInfo task, WorkflowTaskFailedCause cause, Failure? failure, string identity)
    {
        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new()
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Cause = cause,
            Failure = failure,
            Identity = identity,
        };
        return failed;
    }

    /// <summary>
    /// Ends a workflow task attempt that did not complete. A first attempt writes its failure or
    /// timeout; retries are transient (the real server's behaviour) unless new events arrived,
    /// and what was sent with the task (queries, updates) goes out again with the next one.
    /// </summary>
    private void EndWorkflowTaskAttempt(ExecutionState run, WorkflowTaskInfo task, HistoryEvent endEvent, bool mustWrite)
    {
        var written = task.Kind == WorkflowTaskKind.Normal;
        if (task.Kind == WorkflowTaskKind.Speculative)
        {
            // As the real server: a speculative task that fails or times out becomes a normal one,
            // its events are written, and its retries (attempt 2 on) are transient.
            WriteUnwrittenTaskEvents(run, task);
            written = true;
        }
        if (mustWrite && !written)
        {
            WriteUnwrittenTaskEvents(run, task);
            written = true;
        }
        if (written)
        {
            run.Append(endEvent);
        }
        run.WorkflowTask = null;
        ReturnSentWork(run, task);
        var hadBufferedEvents = FlushBufferedEvents(run);
        if (written || hadBufferedEvents)
        {
            ScheduleWorkflowTask(run, hadBufferedEvents || mustWrite ? WorkflowTaskKind.Normal : WorkflowTaskKind.Transient,
                hadBufferedEvents || mustWrite ? 1 : task.Attempt + 1);
        }
        else
        {
            ScheduleWorkflowTask(run, WorkflowTaskKind.Transient, task.Attempt + 1);
        }
    }

    /// <summary>Writes the scheduled and started events a transient or speculative task showed its worker.</summary>
    private void WriteUnwrittenTaskEvents(ExecutionState run, WorkflowTaskInfo task)
    {
        if (task.Kind == WorkflowTaskKind.Normal)
        {
            return;
        }
        task.Kind = WorkflowTaskKind.Normal;
        var scheduled = run.Append(ScheduledEventFor(run, task));
        task.ScheduledEventId = scheduled.EventId;
        task.StartedEventId = run.Append(StartedEventFor(run, task)).EventId;
    }

    private void ReturnSentWork(ExecutionState run, WorkflowTaskInfo task)
    {
        foreach (var query in run.Queries.Where(q => task.AttachedQueryIds.Contains(q.QueryId)))
        {
            query.Dispatched = false;
        }
        foreach (var updateId in task.SentUpdateIds)
        {
            if (run.Updates.TryGetValue(updateId, out var update) && update.Stage == UpdateStage.Sent)
            {
                update.Advance(UpdateStage.Admitted);
            }
        }
    }

    /// <summary>Writes buffered events, assigning the ids that their references were waiting for.</summary>
    private bool FlushBufferedEvents(ExecutionState run)
    {
        if (run.BufferedEvents.Count == 0)
        {
            return false;
        }
        var activityStartedIds = new Dictionary<long, long>();
        var childStartedIds = new Dictionary<long, long>();
        foreach (var buffered in run.BufferedEvents)
        {
            FixBufferedReferences(buffered, activityStartedIds, childStartedIds);
            run.Append(buffered);
            switch (buffered.EventType)
            {
                case EventType.ActivityTaskStarted:
                    activityStartedIds[buffered.ActivityTaskStartedEventAttributes.ScheduledEventId] = buffered.EventId;
                    break;
                case EventType.ChildWorkflowExecutionStarted:
                    var initiated = buffered.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId;
                    childStartedIds[initiated] = buffered.EventId;
                    if (run.Children.TryGetValue(initiated, out var child))
                    {
                        child.StartedEventId = buffered.EventId;
                    }
                    break;
            }
        }
        run.BufferedEvents.Clear();
        return true;
    }

    private static void FixBufferedReferences(HistoryEvent e, Dictionary<long, long> activityStarted, Dictionary<long, long> childStarted)
    {
        switch (e.EventType)
        {
            case EventType.ActivityTaskCompleted when e.ActivityTaskCompletedEventAttributes.StartedEventId == Unassigned:
                e.ActivityTaskCompletedEventAttributes.StartedEventId = activityStarted[e.ActivityTaskCompletedEventAttributes.ScheduledEventId];
                break;
            case EventType.ActivityTaskFailed when e.ActivityTaskFailedEventAttributes.StartedEventId == Unassigned:
                e.ActivityTaskFailedEventAttributes.StartedEventId = activityStarted[e.ActivityTaskFailedEventAttributes.ScheduledEventId];
                break;
            case EventType.ActivityTaskTimedOut when e.ActivityTaskTimedOutEventAttributes.StartedEventId == Unassigned:
                e.ActivityTaskTimedOutEventAttributes.StartedEventId = activityStarted[e.ActivityTaskTimedOutEventAttributes.ScheduledEventId];
                break;
            case EventType.ActivityTaskCanceled when e.ActivityTaskCanceledEventAttributes.StartedEventId == Unassigned:
                e.ActivityTaskCanceledEventAttributes.StartedEventId = activityStarted[e.ActivityTaskCanceledEventAttributes.ScheduledEventId];
                break;
            case EventType.ChildWorkflowExecutionCompleted when e.ChildWorkflowExecutionCompletedEventAttributes.StartedEventId == Unassigned:
                e.ChildWorkflowExecutionCompletedEventAttributes.StartedEventId = childStarted[e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId];
                break;
            case EventType.ChildWorkflowExecutionFailed when e.ChildWorkflowExecutionFailedEventAttributes.StartedEventId == Unassigned:
                e.ChildWorkflowExecutionFailedEventAttributes.StartedEventId = childStarted[e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId];
                break;
            case EventType.ChildWorkflowExecutionCanceled when e.ChildWorkflowExecutionCanceledEventAttributes.StartedEventId == Unassigned:
                e.ChildWorkflowExecutionCanceledEventAttributes.StartedEventId = childStarted[e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId];
                break;
            case EventType.ChildWorkflowExecutionTimedOut when e.ChildWorkflowExecutionTimedOutEventAttributes.StartedEventId == Unassigned:
                e.ChildWorkflowExecutionTimedOutEventAttributes.StartedEventId = childStarted[e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId];
                break;
            case EventType.ChildWorkflowExecutionTerminated when e.ChildWorkflowExecutionTerminatedEventAttributes.StartedEventId == Unassigned:
                e.ChildWorkflowExecutionTerminatedEventAttributes.StartedEventId = childStarted[e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId];
                break;
        }
    }

    private (ExecutionState Run, WorkflowTaskInfo Task) RequireStartedWorkflowTask(Google.Protobuf.ByteString token)
    {
        var decoded = TaskToken.TryDecode(token);
        if (decoded is not { Kind: TaskTokenKind.Workflow })
        {
            throw RpcErrors.InvalidArgument("Invalid task token.");
        }
        if (_runs.TryGetValue(decoded.Key, out var run) && run.IsRunning
            && run.WorkflowTask is { IsStarted: true } task && task.Serial == decoded.EventId)
        {
            return (run, task);
        }
        throw RpcErrors.NotFound("Workflow task not found.");
    }
}
