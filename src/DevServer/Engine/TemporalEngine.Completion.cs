using Release.DevServer.Grpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>A worker's answer to a workflow task: query results, commands and protocol messages.</summary>
internal sealed partial class TemporalEngine
{
    private static readonly HashSet<CommandType> CompletionCommands =
    [
        CommandType.CompleteWorkflowExecution,
        CommandType.FailWorkflowExecution,
        CommandType.CancelWorkflowExecution,
        CommandType.ContinueAsNewWorkflowExecution,
    ];

    public RespondWorkflowTaskCompletedResponse RespondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest request) => Step(() =>
    {
        var (run, task) = RequireStartedWorkflowTask(request.TaskToken);
        AnswerAttachedQueries(run, task, request.QueryResults);

        var closes = request.Commands.Any(c => CompletionCommands.Contains(c.CommandType));
        var undeliveredUpdates = run.Updates.Values.Any(u => u.Stage == UpdateStage.Admitted);
        if (closes && (HasUnseenEvents(run, request.Commands) || undeliveredUpdates))
        {
            // Design rule 7: closing now would leave the new events unseen. Refuse and retry with them.
            var failed = WorkflowTaskFailedEvent(task, WorkflowTaskFailedCause.UnhandledCommand, null, request.Identity);
            EndWorkflowTaskAttempt(run, task, failed, mustWrite: true);
            return new RespondWorkflowTaskCompletedResponse();
        }
        if (CommandValidation.FindProblem(run, request.Commands, sa => SearchAttributeProblem(run.Namespace, sa)) is { } problem)
        {
            var failed = WorkflowTaskFailedEvent(task, problem.Cause,
                new() { Message = problem.Message, ApplicationFailureInfo = new() { Type = "BadCommand", NonRetryable = true } },
                request.Identity);
            EndWorkflowTaskAttempt(run, task, failed, mustWrite: true);
            return new RespondWorkflowTaskCompletedResponse();
        }
        if (FindLimitProblem(run, request) is { } overLimit)
        {
            FailWorkflowTaskOverLimit(run, task, overLimit, request.Identity);
            return new RespondWorkflowTaskCompletedResponse();
        }
        if (task.Kind == WorkflowTaskKind.Speculative && request.Commands.Count == 0
            && request.Messages.All(m => m.Body.Is(Temporalio.Api.Update.V1.Rejection.Descriptor)))
        {
            // Every update was rejected: the speculative task leaves no trace in history.
            run.WorkflowTask = null;
            ProcessMessages(run, request.Messages, 0);
            FinishWorkflowTask(run, task, request);
            // Tells the worker its cached history must forget the discarded task's two events.
            return new RespondWorkflowTaskCompletedResponse { ResetHistoryEventId = run.LastCompletedWorkflowTaskStartedEventId };
        }

        WriteUnwrittenTaskEvents(run, task);
        var completed = NewEvent(EventType.WorkflowTaskCompleted);
        completed.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Identity = request.Identity,
            BinaryChecksum = request.BinaryChecksum,
            SdkMetadata = request.SdkMetadata,
            MeteringMetadata = request.MeteringMetadata,
            WorkerVersion = request.WorkerVersionStamp,
        };
        WorkerDeploymentFields.Record(completed.WorkflowTaskCompletedEventAttributes, request);
        var completedId = run.Append(completed).EventId;
        run.WorkflowTask = null;
        run.LastCompletedWorkflowTaskStartedEventId = task.StartedEventId;

        var messagesById = request.Messages.ToDictionary(m => m.Id);
        var positioned = new HashSet<string>();
        foreach (var command in request.Commands)
        {
            if (command.CommandType == CommandType.ProtocolMessage)
            {
                var id = command.ProtocolMessageCommandAttributes.MessageId;
                if (messagesById.TryGetValue(id, out var message) && positioned.Add(id))
                {
                    ProcessMessages(run, [message], completedId);
                }
                continue;
            }
            if (!run.IsRunning)
            {
                break;
            }
            var firstEventId = run.NextEventId;
            ApplyCommand(run, command, completedId);
            RecordCommandMetadata(run, command, firstEventId);
        }
        ProcessMessages(run, request.Messages.Where(m => !positioned.Contains(m.Id)).ToList(), completedId);
        EnforceHistoryLimits(run);
        FinishWorkflowTask(run, task, request);
        return new RespondWorkflowTaskCompletedResponse();
    });

    /// <summary>
    /// Whether events arrived during the task that its commands do not account for. A timer that
    /// fired meanwhile but that the task cancels does not count: the cancel drops the firing.
    /// </summary>
    private static bool HasUnseenEvents(ExecutionState run, IEnumerable<Command> commands)
    {
        var cancelledTimers = commands
            .Where(c => c.CommandType == CommandType.CancelTimer)
            .Select(c => c.CancelTimerCommandAttributes.TimerId)
            .ToHashSet();
        return run.BufferedEvents.Any(e => e.EventType != EventType.TimerFired || !cancelledTimers.Contains(e.TimerFiredEventAttributes.TimerId));
    }

    /// <summary>After a completed task: write what arrived meanwhile and decide whether another task is due.</summary>
    private void FinishWorkflowTask(ExecutionState run, WorkflowTaskInfo task, RespondWorkflowTaskCompletedRequest request)
    {
        if (!run.IsRunning)
        {
            run.BufferedEvents.Clear();
            DispatchWaitingQueries(run);
            return;
        }
        var hadBufferedEvents = FlushBufferedEvents(run);
        var updatesWaiting = run.Updates.Values.Any(u => u.Stage == UpdateStage.Admitted);
        if (hadBufferedEvents || request.ForceCreateNewWorkflowTask)
        {
            ScheduleWorkflowTask(run);
        }
        else if (updatesWaiting)
        {
            ScheduleWorkflowTask(run, WorkflowTaskKind.Speculative);
        }
        foreach (var query in run.Queries.Where(q => task.AttachedQueryIds.Contains(q.QueryId) && !q.Result.Task.IsCompleted))
        {
            query.Dispatched = false;
        }
        DispatchWaitingQueries(run);
    }

    private void ApplyCommand(ExecutionState run, Command command, long completedId)
    {
        switch (command.CommandType)
        {
            case CommandType.ScheduleActivityTask:
                ScheduleActivity(run, command.ScheduleActivityTaskCommandAttributes, completedId);
                break;
            case CommandType.RequestCancelActivityTask:
                RequestCancelActivity(run, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedId);
                break;
            case CommandType.StartTimer:
                StartTimer(run, command.StartTimerCommandAttributes, completedId);
                break;
            case CommandType.CancelTimer:
                CancelTimer(run, command.CancelTimerCommandAttributes.TimerId, completedId);
                break;
            case CommandType.RecordMarker:
                RecordMarker(run, command.RecordMarkerCommandAttributes, completedId);
                break;
            case CommandType.UpsertWorkflowSearchAttributes:
                UpsertSearchAttributes(run, command.UpsertWorkflowSearchAttributesCommandAttributes, completedId);
                break;
            case CommandType.ModifyWorkflowProperties:
                ModifyProperties(run, command.ModifyWorkflowPropertiesCommandAttributes, completedId);
                break;
            case CommandType.StartChildWorkflowExecution:
                InitiateChild(run, command.StartChildWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.SignalExternalWorkflowExecution:
                InitiateExternalSignal(run, command.SignalExternalWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.RequestCancelExternalWorkflowExecution:
                InitiateExternalCancel(run, command.RequestCancelExternalWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.CompleteWorkflowExecution:
                CompleteRun(run, command.CompleteWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.FailWorkflowExecution:
                FailRun(run, command.FailWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.CancelWorkflowExecution:
                CancelRun(run, command.CancelWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.ContinueAsNewWorkflowExecution:
                ContinueAsNew(run, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedId);
                break;
            default:
                throw RpcErrors.InvalidArgument($"Command {command.CommandType} is not supported by the dev server.");
        }
    }

    private void ProcessMessages(ExecutionState run, IReadOnlyCollection<Message> messages, long completedId)
    {
        foreach (var message in messages)
        {
            ApplyUpdateMessage(run, message, completedId);
        }
    }
}
