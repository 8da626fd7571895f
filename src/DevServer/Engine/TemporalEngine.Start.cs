using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>What a new run starts from, whoever starts it (client, parent, continue-as-new).</summary>
internal sealed record RunStart
{
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }
    public required string RequestId { get; init; }
    public Payloads? Input { get; init; }
    public Header? Header { get; init; }
    public Duration? ExecutionTimeout { get; init; }
    public Duration? RunTimeout { get; init; }
    public Duration? TaskTimeout { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public string CronSchedule { get; init; } = "";
    public Memo? Memo { get; init; }
    public SearchAttributes? SearchAttributes { get; init; }
    public string Identity { get; init; } = "";
    public ParentLink? Parent { get; init; }
    public string? ContinuedFromRunId { get; init; }
    public string? FirstRunId { get; init; }
    public ContinueAsNewInitiator Initiator { get; init; }
    public Failure? ContinuedFailure { get; init; }
    public Payloads? LastCompletionResult { get; init; }
    public int Attempt { get; init; } = 1;
    public TimeSpan FirstWorkflowTaskBackoff { get; init; }
    public DateTimeOffset? ExecutionExpirationTime { get; init; }

    /// <summary>Summary and details of the run, recorded on its started event (see TemporalEngine.Metadata.cs).</summary>
    public Temporalio.Api.Sdk.V1.UserMetadata? UserMetadata { get; init; }

    /// <summary>Written to the started event; the default priority of all the run's tasks.</summary>
    public Temporalio.Api.Common.V1.Priority? Priority { get; init; }
}

internal sealed partial class TemporalEngine
{
    private static readonly TimeSpan DefaultWorkflowTaskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWorkflowTaskTimeout = TimeSpan.FromSeconds(120);

    public StartWorkflowExecutionResponse StartWorkflowExecution(StartWorkflowExecutionRequest request) => Step(() =>
    {
        var start = StartFromRequest(request.Namespace, request);
        var (run, started) = StartOrReuse(start, request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy);
        return new StartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
    });

    public SignalWithStartWorkflowExecutionResponse SignalWithStartWorkflowExecution(
        SignalWithStartWorkflowExecutionRequest request) => Step(() =>
    {
        var start = ValidateStart(request.Namespace, request.WorkflowId, request.WorkflowType?.Name,
            request.TaskQueue, request.RequestId) with
        {
            Input = request.Input,
            Header = request.Header,
            ExecutionTimeout = request.WorkflowExecutionTimeout,
            RunTimeout = request.WorkflowRunTimeout,
            TaskTimeout = request.WorkflowTaskTimeout,
            RetryPolicy = request.RetryPolicy,
            CronSchedule = request.CronSchedule,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            Identity = request.Identity,
            FirstWorkflowTaskBackoff = request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero,
            UserMetadata = request.UserMetadata,
            Priority = request.Priority,
        };
        CheckPriority(start.Priority);
        CheckStartOptions(start);
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw RpcErrors.InvalidArgument("SignalName is not set on request.");
        }
        // Signal-with-start signals a running workflow rather than failing: its conflict policy is USE_EXISTING.
        var conflictPolicy = request.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.Unspecified
            ? WorkflowIdConflictPolicy.UseExisting
            : request.WorkflowIdConflictPolicy;
        var current = FindRun(start.Namespace, start.WorkflowId, null);
        var (run, started) = current is { IsRunning: true } && conflictPolicy == WorkflowIdConflictPolicy.UseExisting
            ? (current, false)
            : StartOrReuse(start, request.WorkflowIdReusePolicy, conflictPolicy,
                beforeFirstTask: r => r.Append(SignaledEvent(request.SignalName, request.SignalInput, request.Identity, request.Header)));
        if (!started)
        {
            AddEvent(run, SignaledEvent(request.SignalName, request.SignalInput, request.Identity, request.Header));
        }
        return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
    });

    private RunStart ValidateStart(string ns, string workflowId, string? type, TaskQueue? taskQueue, string requestId)
    {
        var namespaceName = RequireNamespace(ns).Name;
        if (string.IsNullOrEmpty(workflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (string.IsNullOrEmpty(type))
        {
            throw RpcErrors.InvalidArgument("WorkflowType is not set on request.");
        }
        if (string.IsNullOrEmpty(taskQueue?.Name))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        return new RunStart
        {
            Namespace = namespaceName,
            WorkflowId = workflowId,
            WorkflowType = type,
            TaskQueue = taskQueue.Name,
            RequestId = string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString() : requestId,
        };
    }

    /// <summary>Refuses what the real server refuses at start: unknown or ill-typed search attributes, a bad cron schedule.</summary>
    private void CheckStartOptions(RunStart start)
    {
        RequireValidSearchAttributes(start.Namespace, start.SearchAttributes);
        if (!string.IsNullOrEmpty(start.CronSchedule) && !CronSchedule.TryParse(start.CronSchedule, out _))
        {
            throw RpcErrors.InvalidArgument($"Invalid CronSchedule: '{start.CronSchedule}' is neither 5 cron fields, a @descriptor nor '@every <duration>'.");
        }
    }

    /// <summary>Applies request-id deduplication and the id reuse and conflict policies, then starts.</summary>
    private (ExecutionState Run, bool Started) StartOrReuse(
        RunStart start, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy,
        Action<ExecutionState>? beforeFirstTask = null)
    {
        var chain = _chains.GetValueOrDefault((start.Namespace, start.WorkflowId));
        var current = chain?[^1];
        var sameRequest = chain?.FirstOrDefault(r => r.StartRequestId == start.RequestId);
        if (sameRequest is not null)
        {
            return (sameRequest, true);
        }
        if (current is { IsRunning: true })
        {
            if (conflictPolicy == WorkflowIdConflictPolicy.Unspecified)
            {
                conflictPolicy = reusePolicy == WorkflowIdReusePolicy.TerminateIfRunning
                    ? WorkflowIdConflictPolicy.TerminateExisting
                    : WorkflowIdConflictPolicy.Fail;
            }
            switch (conflictPolicy)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return (current, false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    Terminate(current, "terminated by a new start of the same workflow id (conflict policy TERMINATE_EXISTING)", null, start.Identity);
                    break;
                default:
                    throw RpcErrors.AlreadyStarted(
                        $"Workflow execution is already running. WorkflowId: {current.WorkflowId}, RunId: {current.RunId}.",
                        current.StartRequestId, current.RunId);
            }
        }
        else if (current is not null)
        {
            CheckReusePolicy(current, reusePolicy);
        }
        var run = CreateRun(start, beforeFirstTask);
        return (run, true);
    }

    private static void CheckReusePolicy(ExecutionState last, WorkflowIdReusePolicy policy)
    {
        var failedOnly = policy == WorkflowIdReusePolicy.AllowDuplicateFailedOnly;
        var lastSucceeded = last.Status is WorkflowExecutionStatus.Completed or WorkflowExecutionStatus.ContinuedAsNew;
        if (policy == WorkflowIdReusePolicy.RejectDuplicate)
        {
            throw RpcErrors.AlreadyStarted(
                $"Workflow execution already finished and WorkflowIdReusePolicy is REJECT_DUPLICATE. WorkflowId: {last.WorkflowId}, RunId: {last.RunId}.",
                last.StartRequestId, last.RunId);
        }
        if (failedOnly && lastSucceeded)
        {
            throw RpcErrors.AlreadyStarted(
                $"Workflow execution already finished successfully and WorkflowIdReusePolicy is ALLOW_DUPLICATE_FAILED_ONLY. WorkflowId: {last.WorkflowId}, RunId: {last.RunId}.",
                last.StartRequestId, last.RunId);
        }
    }

    private ExecutionState CreateRun(RunStart start, Action<ExecutionState>? beforeFirstTask = null, string? runId = null)
    {
        var now = Now;
        runId ??= Guid.NewGuid().ToString();
        if (start.ContinuedFromRunId is null && CronSchedule.TryParse(start.CronSchedule, out var cron)
            && cron.Backoff(now + start.FirstWorkflowTaskBackoff) is { } untilFirst)
        {
            // A cron workflow's first run waits for the schedule's first time, as later runs do.
            start = start with { FirstWorkflowTaskBackoff = start.FirstWorkflowTaskBackoff + untilFirst };
        }
        var taskTimeout = start.TaskTimeout is { } t && t.ToTimeSpan() > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(t.ToTimeSpan().Ticks, MaxWorkflowTaskTimeout.Ticks))
            : DefaultWorkflowTaskTimeout;
        var executionTimeout = Positive(start.ExecutionTimeout);
        var runTimeout = Positive(start.RunTimeout) ?? executionTimeout;
        var run = new ExecutionState
        {
            Namespace = start.Namespace,
            WorkflowId = start.WorkflowId,
            RunId = runId,
            FirstRunId = start.FirstRunId ?? runId,
            WorkflowType = start.WorkflowType,
            TaskQueue = start.TaskQueue,
            StartRequestId = start.RequestId,
            StartTime = now,
            ExecutionTime = now + start.FirstWorkflowTaskBackoff,
            WorkflowTaskTimeout = taskTimeout,
            RunTimeout = runTimeout,
            ExecutionTimeout = executionTimeout,
            // Copies: memo and search attribute upserts change the run's own, never the history's or another run's.
            Memo = start.Memo?.Clone(),
            SearchAttributes = Typed(start.Namespace, start.SearchAttributes),
            Parent = start.Parent,
        };
        var started = NewEvent(EventType.WorkflowExecutionStarted);
        var attributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = new() { Name = start.WorkflowType },
            TaskQueue = new() { Name = start.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
            Input = start.Input,
            Header = start.Header,
            WorkflowExecutionTimeout = ToDuration(executionTimeout),
            WorkflowRunTimeout = ToDuration(runTimeout),
            WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout),
            RetryPolicy = start.RetryPolicy,
            CronSchedule = start.CronSchedule,
            Memo = start.Memo,
            SearchAttributes = start.SearchAttributes,
            Identity = start.Identity,
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = run.FirstRunId,
            ContinuedExecutionRunId = start.ContinuedFromRunId ?? "",
            Priority = start.Priority,
            Initiator = start.Initiator,
            ContinuedFailure = start.ContinuedFailure,
            LastCompletionResult = start.LastCompletionResult,
            Attempt = start.Attempt,
            WorkflowId = start.WorkflowId,
            FirstWorkflowTaskBackoff = start.FirstWorkflowTaskBackoff > TimeSpan.Zero
                ? Duration.FromTimeSpan(start.FirstWorkflowTaskBackoff)
                : null,
            WorkflowExecutionExpirationTime = (start.ExecutionExpirationTime ?? (executionTimeout is { } e ? now + e : null)) is { } expiry
                ? Timestamp.FromDateTimeOffset(expiry)
                : null,
        };
        if (start.Parent is { } parent)
        {
            attributes.ParentWorkflowNamespace = parent.Namespace;
            attributes.ParentWorkflowNamespaceId = _namespaces[parent.Namespace].Id;
            attributes.ParentWorkflowExecution = new() { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
            attributes.ParentInitiatedEventId = parent.InitiatedEventId;
        }
        started.WorkflowExecutionStartedEventAttributes = attributes;
        RecordStartMetadata(started, start);
        run.Append(started);
        run.SeenRequestIds.Add(start.RequestId);

        var key = (start.Namespace, start.WorkflowId);
        if (!_chains.TryGetValue(key, out var chain))
        {
            chain = [];
            _chains[key] = chain;
        }
        chain.Add(run);
        _runs[run.Key] = run;

        if (RunDeadline(now, runTimeout, attributes.WorkflowExecutionExpirationTime?.ToDateTimeOffset()) is { } deadline)
        {
            At(deadline, () => TimeOutRun(run));
        }
        beforeFirstTask?.Invoke(run);
        if (start.FirstWorkflowTaskBackoff > TimeSpan.Zero)
        {
            run.WorkflowTaskBackoffUntil = run.ExecutionTime;
            At(run.ExecutionTime, () =>
            {
                run.WorkflowTaskBackoffUntil = null;
                ScheduleWorkflowTask(run);
            });
        }
        else
        {
            ScheduleWorkflowTask(run);
        }
        return run;
    }

    private HistoryEvent SignaledEvent(string name, Payloads? input, string identity, Header? header)
    {
        var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
        signaled.WorkflowExecutionSignaledEventAttributes = new()
        {
            SignalName = name,
            Input = input,
            Identity = identity,
            Header = header,
        };
        return signaled;
    }

    /// <summary>A run ends at its run timeout or its chain's execution expiry, whichever comes first.</summary>
    private static DateTimeOffset? RunDeadline(DateTimeOffset start, TimeSpan? runTimeout, DateTimeOffset? executionExpiry)
    {
        DateTimeOffset? runEnd = runTimeout is { } t ? start + t : null;
        return (runEnd, executionExpiry) switch
        {
            ({ } r, { } e) => r < e ? r : e,
            ({ } r, null) => r,
            (null, var e) => e,
        };
    }

    private static TimeSpan? Positive(Duration? duration) =>
        duration is { } d && d.ToTimeSpan() > TimeSpan.Zero ? d.ToTimeSpan() : null;

    private static Duration? ToDuration(TimeSpan? span) => span is { } s ? Duration.FromTimeSpan(s) : null;
}
