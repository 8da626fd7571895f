using System.Text;
using Google.Protobuf;
using Release.DevServer.Grpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Over a limit in a workflow task: the cause and message the real server writes, and whether the run is
/// terminated (an oversized payload) or only the task fails (too many pending things, a name too long).
/// </summary>
internal sealed record LimitProblem(WorkflowTaskFailedCause Cause, string Message, bool Terminate);

/// <summary>The real server's limits on what workers send and on history (see <see cref="ServerLimits"/>).</summary>
internal sealed partial class TemporalEngine
{
    /// <summary>The identity the real server gives the events it writes on its own.</summary>
    private const string ServerIdentity = "history-service";

    private ServerLimits Limits => Options.Limits;

    /// <summary>
    /// The first command or message of a task that is over a limit, checked in order as the real server
    /// handles them. Pending counts include what earlier commands of the same task add.
    /// </summary>
    private LimitProblem? FindLimitProblem(ExecutionState run, RespondWorkflowTaskCompletedRequest request)
    {
        var activities = (long)run.Activities.Count;
        var children = (long)run.Children.Count;
        long signals = 0, cancels = 0;
        foreach (var command in request.Commands)
        {
            var problem = command.CommandType switch
            {
                CommandType.ScheduleActivityTask => CheckActivityLimits(command.ScheduleActivityTaskCommandAttributes, activities++),
                CommandType.StartChildWorkflowExecution => CheckChildLimits(command.StartChildWorkflowExecutionCommandAttributes, children++),
                CommandType.SignalExternalWorkflowExecution =>
                    Payload(command.SignalExternalWorkflowExecutionCommandAttributes.Input, WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes,
                        "SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.")
                    ?? Pending(signals++, Limits.NumPendingSignals, WorkflowTaskFailedCause.PendingSignalsLimitExceeded, "pending signals to external workflows"),
                CommandType.RequestCancelExternalWorkflowExecution =>
                    Pending(cancels++, Limits.NumPendingCancelRequests, WorkflowTaskFailedCause.PendingRequestCancelLimitExceeded,
                        "pending requests to cancel external workflows"),
                // The real server names the activity cause here, not the completion's own.
                CommandType.CompleteWorkflowExecution => Payload(command.CompleteWorkflowExecutionCommandAttributes.Result,
                    WorkflowTaskFailedCause.BadScheduleActivityAttributes, "CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit."),
                CommandType.FailWorkflowExecution => Payload(command.FailWorkflowExecutionCommandAttributes.Failure,
                    WorkflowTaskFailedCause.BadFailWorkflowExecutionAttributes, "FailWorkflowExecutionCommandAttributes.Failure exceeds size limit."),
                CommandType.RecordMarker => RecordMarkerSize(command.RecordMarkerCommandAttributes) is var size && ServerLimits.Exceeds(size, Limits.BlobSizeError)
                    ? new LimitProblem(WorkflowTaskFailedCause.BadRecordMarkerAttributes, "RecordMarkerCommandAttributes.Details exceeds size limit.", true)
                    : null,
                CommandType.ContinueAsNewWorkflowExecution =>
                    Payload(command.ContinueAsNewWorkflowExecutionCommandAttributes.Input, WorkflowTaskFailedCause.BadContinueAsNewAttributes,
                        "ContinueAsNewWorkflowExecutionCommandAttributes.Input exceeds size limit.")
                    ?? Memo(command.ContinueAsNewWorkflowExecutionCommandAttributes.Memo, WorkflowTaskFailedCause.BadContinueAsNewAttributes,
                        "ContinueAsNewWorkflowExecutionCommandAttributes.Memo exceeds size limit."),
                CommandType.ModifyWorkflowProperties => Memo(command.ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo,
                    WorkflowTaskFailedCause.BadModifyWorkflowPropertiesAttributes, "ModifyWorkflowPropertiesCommandAttributes.Memo exceeds size limit."),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }
        return request.Messages.FirstOrDefault(m => ServerLimits.Exceeds(m.Body?.CalculateSize() ?? 0, Limits.BlobSizeError)) is { } message
            ? new(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, $"Message type {MessageType(message)} exceeds size limit.", true)
            : null;
    }

    private LimitProblem? CheckActivityLimits(ScheduleActivityTaskCommandAttributes a, long pending)
    {
        const WorkflowTaskFailedCause Cause = WorkflowTaskFailedCause.BadScheduleActivityAttributes;
        return Length(a.ActivityId, Cause, "ActivityID exceeds length limit.")
            ?? Length(a.ActivityType?.Name, Cause, "ActivityType exceeds length limit.")
            ?? Length(a.TaskQueue?.Name, Cause, "TaskQueue exceeds length limit.")
            ?? Payload(a.Input, Cause, "ScheduleActivityTaskCommandAttributes.Input exceeds size limit.")
            ?? Pending(pending, Limits.NumPendingActivities, WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, "pending activities");
    }

    private LimitProblem? CheckChildLimits(StartChildWorkflowExecutionCommandAttributes a, long pending)
    {
        const WorkflowTaskFailedCause Cause = WorkflowTaskFailedCause.BadStartChildExecutionAttributes;
        return Length(a.WorkflowId, Cause, "WorkflowId exceeds length limit.")
            ?? Length(a.WorkflowType?.Name, Cause, "WorkflowType exceeds length limit.")
            ?? Length(a.TaskQueue?.Name, Cause, "TaskQueue exceeds length limit.")
            ?? Payload(a.Input, Cause, "StartChildWorkflowExecutionCommandAttributes.Input exceeds size limit.")
            ?? Memo(a.Memo, Cause, "StartChildWorkflowExecutionCommandAttributes.Memo exceeds size limit.")
            ?? Pending(pending, Limits.NumPendingChildExecutions, WorkflowTaskFailedCause.PendingChildWorkflowsLimitExceeded,
                "pending child workflow executions");
    }

    private LimitProblem? Payload(IMessage? payload, WorkflowTaskFailedCause cause, string message) =>
        ServerLimits.Exceeds(payload?.CalculateSize() ?? 0, Limits.BlobSizeError) ? new(cause, message, Terminate: true) : null;

    private LimitProblem? Memo(IMessage? memo, WorkflowTaskFailedCause cause, string message) =>
        ServerLimits.Exceeds(memo?.CalculateSize() ?? 0, Limits.MemoSizeError) ? new(cause, message, Terminate: true) : null;

    private LimitProblem? Length(string? name, WorkflowTaskFailedCause cause, string message) =>
        ServerLimits.Exceeds(Encoding.UTF8.GetByteCount(name ?? ""), Limits.MaxIdLength) ? new(cause, message, Terminate: false) : null;

    /// <summary>The real server counts what is pending before the command: the one that would pass the limit fails.</summary>
    private static LimitProblem? Pending(long pending, long limit, WorkflowTaskFailedCause cause, string what) =>
        limit > 0 && pending >= limit
            ? new(cause, $"the number of {what}, {pending}, has reached the per-workflow limit of {limit}", Terminate: false)
            : null;

    private static long RecordMarkerSize(RecordMarkerCommandAttributes a) => a.Details.Values.Sum(p => (long)p.CalculateSize());

    private static string MessageType(Message message) =>
        message.Body?.TypeUrl is { } url && url.LastIndexOf('/') is var slash and >= 0 ? url[(slash + 1)..] : "unknown";

    /// <summary>
    /// Fails the task over a limit as the real server does: the WorkflowTaskFailed event, then either the
    /// run's termination (the task can never succeed: its payload would not fit) or another attempt. A
    /// retry that fails again is refused and left to time out, so a stuck worker does not spin.
    /// </summary>
    private void FailWorkflowTaskOverLimit(ExecutionState run, WorkflowTaskInfo task, LimitProblem problem, string identity)
    {
        if (!problem.Terminate && task.Attempt > 1)
        {
            throw RpcErrors.InvalidArgument(problem.Message);
        }
        var failure = new Failure { Message = problem.Message, ServerFailureInfo = new() { NonRetryable = true } };
        var failed = WorkflowTaskFailedEvent(task, problem.Cause, failure, identity);
        if (!problem.Terminate)
        {
            EndWorkflowTaskAttempt(run, task, failed, mustWrite: false);
            return;
        }
        WriteUnwrittenTaskEvents(run, task);
        run.Append(failed);
        run.WorkflowTask = null;
        Terminate(run, $"{CauseName(problem.Cause)}: {problem.Message}", null, ServerIdentity);
    }

    /// <summary>The cause as the real server spells it (the proto enum value name).</summary>
    private static string CauseName(WorkflowTaskFailedCause cause) =>
        FailedCauseReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("WorkflowTaskFailedCause")
            ?.FindValueByNumber((int)cause)?.Name ?? cause.ToString();

    /// <summary>
    /// Terminates a run whose history has passed the size or count limit (the real server checks after
    /// every change it writes), and warns once it is past the warning level.
    /// </summary>
    private string? EnforceHistoryLimits(ExecutionState run, int comingEvents = 0)
    {
        if (!run.IsRunning)
        {
            return null;
        }
        var count = run.History.Count + comingEvents;
        var size = HistorySize(run);
        var reason = ServerLimits.Exceeds(size, Limits.HistorySizeError) ? HistorySizeExceeded
            : ServerLimits.Exceeds(count, Limits.HistoryCountError) ? HistoryCountExceeded
            : null;
        if (reason is not null)
        {
            Warn($"{reason} {run.WorkflowId} {run.RunId} has {count} events, {size} bytes: terminated");
            Terminate(run, reason, null, ServerIdentity);
        }
        else if ((ServerLimits.Exceeds(size, Limits.HistorySizeWarn) || ServerLimits.Exceeds(count, Limits.HistoryCountWarn))
            && _historyWarned.TryAdd(run, true))
        {
            // Once per run: a long run past the warning level would otherwise log on every task.
            Warn($"history exceeds warn limit: {run.WorkflowId} {run.RunId} has {count} events, {size} bytes");
        }
        return reason;
    }

    /// <summary>
    /// The history's size in bytes, counted once per event: summing every event at every task would make
    /// a long history quadratic. Events are not resized once written (a few bytes of drift would not matter).
    /// </summary>
    private long HistorySize(ExecutionState run)
    {
        var counted = _historySizes.GetValue(run, _ => new HistorySizeCount());
        if (counted.Events > run.History.Count)
        {
            counted.Events = 0;
            counted.Bytes = 0;
        }
        for (; counted.Events < run.History.Count; counted.Events++)
        {
            counted.Bytes += run.History[counted.Events].CalculateSize();
        }
        return counted.Bytes;
    }

    private sealed class HistorySizeCount
    {
        public int Events { get; set; }
        public long Bytes { get; set; }
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExecutionState, HistorySizeCount> _historySizes = new();

    private const string HistorySizeExceeded = "Workflow history size exceeds limit.";
    private const string HistoryCountExceeded = "Workflow history count exceeds limit.";

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExecutionState, object> _historyWarned = new();

    /// <summary>
    /// A signal to a run whose history is full: as the real server, the run is terminated and the
    /// signal refused with INVALID_ARGUMENT and the termination's reason.
    /// </summary>
    public void RefuseSignalOverHistoryLimit(string ns, Temporalio.Api.Common.V1.WorkflowExecution? execution)
    {
        var reason = Step(() => EnforceHistoryLimits(RequireRunningRun(ns, execution), comingEvents: 1));
        if (reason is not null)
        {
            throw RpcErrors.InvalidArgument(reason);
        }
    }

    /// <summary>Whether a new workflow task tells its worker to continue-as-new (count or size, as the real server).</summary>
    private bool SuggestsContinueAsNew(ExecutionState run, long historySize) =>
        (Limits.HistoryCountSuggestContinueAsNew > 0 && run.NextEventId >= Limits.HistoryCountSuggestContinueAsNew)
        || (Limits.HistorySizeSuggestContinueAsNew > 0 && historySize >= Limits.HistorySizeSuggestContinueAsNew);

    /// <summary>
    /// What an activity's worker sends over the limit (result, failure, heartbeat or cancel details) fails
    /// the activity, non-retryable, with the real server's message, and the worker is told its call was
    /// accepted (a heartbeat is answered "cancel requested"): the payload can never be recorded.
    /// </summary>
    private Failure? OversizedActivityPayload(IMessage? payload, string message) =>
        ServerLimits.Exceeds(payload?.CalculateSize() ?? 0, Limits.BlobSizeError)
            ? new Failure { Message = message, ServerFailureInfo = new() { NonRetryable = true } }
            : null;

    private void Warn(string message) => Options.OnWarning?.Invoke(message);
}
