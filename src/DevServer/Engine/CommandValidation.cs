using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Engine;

internal sealed record CommandProblem(WorkflowTaskFailedCause Cause, string Message);

/// <summary>
/// Checks a task's commands before any is applied, as the real server does, so that a bad command
/// fails the workflow task as a whole instead of leaving half of its commands applied.
/// </summary>
internal static class CommandValidation
{
    public static CommandProblem? FindProblem(ExecutionState run, IEnumerable<Command> commands,
        Func<Temporalio.Api.Common.V1.SearchAttributes?, string?>? searchAttributeProblem = null)
    {
        var activityIds = run.Activities.Values.Select(a => a.ActivityId).ToHashSet();
        var timerIds = run.Timers.Keys.ToHashSet();
        foreach (var command in commands)
        {
            var problem = command.CommandType switch
            {
                CommandType.ScheduleActivityTask => CheckActivity(command.ScheduleActivityTaskCommandAttributes, activityIds),
                CommandType.StartTimer => CheckTimer(command.StartTimerCommandAttributes, timerIds),
                CommandType.CancelTimer => timerIds.Remove(command.CancelTimerCommandAttributes.TimerId)
                    || BufferedTimerFired(run, command.CancelTimerCommandAttributes.TimerId) is not null
                    ? null
                    : new(WorkflowTaskFailedCause.BadCancelTimerAttributes,
                        $"CancelTimer names timer '{command.CancelTimerCommandAttributes.TimerId}', which is not pending."),
                CommandType.RequestCancelActivityTask => run.Activities.ContainsKey(command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId)
                    || HasBufferedActivityEnd(run, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId)
                    ? null
                    : new(WorkflowTaskFailedCause.BadRequestCancelActivityAttributes,
                        $"RequestCancelActivityTask names scheduled event {command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId}, which is not a pending activity."),
                CommandType.StartChildWorkflowExecution => CheckChild(command.StartChildWorkflowExecutionCommandAttributes),
                CommandType.SignalExternalWorkflowExecution or CommandType.RequestCancelExternalWorkflowExecution
                    or CommandType.CompleteWorkflowExecution or CommandType.FailWorkflowExecution
                    or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution
                    or CommandType.RecordMarker or CommandType.UpsertWorkflowSearchAttributes
                    or CommandType.ModifyWorkflowProperties or CommandType.ProtocolMessage => null,
                _ => new CommandProblem(WorkflowTaskFailedCause.Unspecified,
                    $"Command {command.CommandType} is not supported by the dev server."),
            };
            problem ??= CheckSearchAttributes(command, searchAttributeProblem);
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    /// <summary>Search attributes written by a command must be registered and well typed, as at a client's start.</summary>
    private static CommandProblem? CheckSearchAttributes(Command command, Func<Temporalio.Api.Common.V1.SearchAttributes?, string?>? check)
    {
        var attributes = command.CommandType switch
        {
            CommandType.UpsertWorkflowSearchAttributes => command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes,
            CommandType.StartChildWorkflowExecution => command.StartChildWorkflowExecutionCommandAttributes.SearchAttributes,
            CommandType.ContinueAsNewWorkflowExecution => command.ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes,
            _ => null,
        };
        return check?.Invoke(attributes) is { } message ? new(WorkflowTaskFailedCause.BadSearchAttributes, message) : null;
    }

    private static CommandProblem? CheckActivity(ScheduleActivityTaskCommandAttributes a, HashSet<string> activityIds)
    {
        const WorkflowTaskFailedCause Cause = WorkflowTaskFailedCause.BadScheduleActivityAttributes;
        if (string.IsNullOrEmpty(a.ActivityId))
        {
            return new(Cause, "ActivityId is not set on ScheduleActivityTask.");
        }
        if (string.IsNullOrEmpty(a.ActivityType?.Name))
        {
            return new(Cause, "ActivityType is not set on ScheduleActivityTask.");
        }
        if (!activityIds.Add(a.ActivityId))
        {
            return new(Cause, $"Activity id '{a.ActivityId}' is already used by a pending activity.");
        }
        var hasTimeout = a.StartToCloseTimeout?.ToTimeSpan() > TimeSpan.Zero || a.ScheduleToCloseTimeout?.ToTimeSpan() > TimeSpan.Zero;
        return hasTimeout ? null : new(Cause, "A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTask.");
    }

    private static CommandProblem? CheckTimer(StartTimerCommandAttributes a, HashSet<string> timerIds)
    {
        const WorkflowTaskFailedCause Cause = WorkflowTaskFailedCause.BadStartTimerAttributes;
        if (string.IsNullOrEmpty(a.TimerId))
        {
            return new(Cause, "TimerId is not set on StartTimer.");
        }
        if (!(a.StartToFireTimeout?.ToTimeSpan() > TimeSpan.Zero))
        {
            return new(Cause, $"Timer '{a.TimerId}' needs a positive StartToFireTimeout.");
        }
        return timerIds.Add(a.TimerId) ? null : new(Cause, $"Timer id '{a.TimerId}' is already used by a pending timer.");
    }

    private static CommandProblem? CheckChild(StartChildWorkflowExecutionCommandAttributes a)
    {
        const WorkflowTaskFailedCause Cause = WorkflowTaskFailedCause.BadStartChildExecutionAttributes;
        if (string.IsNullOrEmpty(a.WorkflowId))
        {
            return new(Cause, "WorkflowId is not set on StartChildWorkflowExecution.");
        }
        return string.IsNullOrEmpty(a.WorkflowType?.Name)
            ? new(Cause, "WorkflowType is not set on StartChildWorkflowExecution.")
            : null;
    }

    /// <summary>
    /// The TimerFired event of a timer that fired while the task that cancels it was running. The
    /// worker had not seen it, so the real server accepts the cancel and drops the fired event.
    /// </summary>
    public static Temporalio.Api.History.V1.HistoryEvent? BufferedTimerFired(ExecutionState run, string timerId) =>
        run.BufferedEvents.FirstOrDefault(e => e.EventType == EventType.TimerFired && e.TimerFiredEventAttributes.TimerId == timerId);

    /// <summary>
    /// True when the activity ended while the task that cancels it was running: as the real server
    /// does, the cancel request is then recorded and the buffered end follows it.
    /// </summary>
    public static bool HasBufferedActivityEnd(ExecutionState run, long scheduledEventId) =>
        run.BufferedEvents.Any(e => e.EventType switch
        {
            EventType.ActivityTaskCompleted => e.ActivityTaskCompletedEventAttributes.ScheduledEventId == scheduledEventId,
            EventType.ActivityTaskFailed => e.ActivityTaskFailedEventAttributes.ScheduledEventId == scheduledEventId,
            EventType.ActivityTaskTimedOut => e.ActivityTaskTimedOutEventAttributes.ScheduledEventId == scheduledEventId,
            EventType.ActivityTaskCanceled => e.ActivityTaskCanceledEventAttributes.ScheduledEventId == scheduledEventId,
            _ => false,
        });
}
