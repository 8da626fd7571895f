using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Engine;

/// <summary>How a run ends: completion commands, continue-as-new and termination.</summary>
internal sealed partial class TemporalEngine
{
    private void CompleteRun(ExecutionState run, CompleteWorkflowExecutionCommandAttributes a, long completedId)
    {
        var next = CronAfter(run, null, a.Result);
        var completed = NewEvent(EventType.WorkflowExecutionCompleted);
        completed.WorkflowExecutionCompletedEventAttributes = new()
        {
            Result = a.Result,
            WorkflowTaskCompletedEventId = completedId,
            NewExecutionRunId = next?.RunId ?? "",
        };
        CloseAndContinue(run, completed, WorkflowExecutionStatus.Completed, next);
    }

    private void FailRun(ExecutionState run, FailWorkflowExecutionCommandAttributes a, long completedId)
    {
        var (retryState, next) = RetryAfter(run, a.Failure ?? new());
        next ??= CronAfter(run, a.Failure, null);
        var failed = NewEvent(EventType.WorkflowExecutionFailed);
        failed.WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = a.Failure,
            RetryState = retryState,
            WorkflowTaskCompletedEventId = completedId,
            NewExecutionRunId = next?.RunId ?? "",
        };
        CloseAndContinue(run, failed, WorkflowExecutionStatus.Failed, next);
    }

    private void CancelRun(ExecutionState run, CancelWorkflowExecutionCommandAttributes a, long completedId)
    {
        var canceled = NewEvent(EventType.WorkflowExecutionCanceled);
        canceled.WorkflowExecutionCanceledEventAttributes = new() { Details = a.Details, WorkflowTaskCompletedEventId = completedId };
        CloseRun(run, canceled, WorkflowExecutionStatus.Canceled);
    }

    private void ContinueAsNew(ExecutionState run, ContinueAsNewWorkflowExecutionCommandAttributes a, long completedId)
    {
        var newRunStart = new RunStart
        {
            Namespace = run.Namespace,
            WorkflowId = run.WorkflowId,
            WorkflowType = string.IsNullOrEmpty(a.WorkflowType?.Name) ? run.WorkflowType : a.WorkflowType.Name,
            TaskQueue = string.IsNullOrEmpty(a.TaskQueue?.Name) ? run.TaskQueue : a.TaskQueue.Name,
            RequestId = Guid.NewGuid().ToString(),
            Input = a.Input,
            Header = a.Header,
            ExecutionTimeout = ToDuration(run.ExecutionTimeout),
            RunTimeout = a.WorkflowRunTimeout ?? ToDuration(run.RunTimeout),
            TaskTimeout = a.WorkflowTaskTimeout ?? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(run.WorkflowTaskTimeout),
            RetryPolicy = a.RetryPolicy ?? run.History[0].WorkflowExecutionStartedEventAttributes.RetryPolicy,
            CronSchedule = run.History[0].WorkflowExecutionStartedEventAttributes.CronSchedule,
            Memo = a.Memo ?? run.Memo,
            SearchAttributes = a.SearchAttributes ?? run.SearchAttributes,
            Parent = run.Parent,
            ContinuedFromRunId = run.RunId,
            Priority = WorkflowPriority(run),
            FirstRunId = run.FirstRunId,
            Initiator = a.Initiator == ContinueAsNewInitiator.Unspecified ? ContinueAsNewInitiator.Workflow : a.Initiator,
            ContinuedFailure = a.Failure,
            LastCompletionResult = a.LastCompletionResult,
            FirstWorkflowTaskBackoff = a.BackoffStartInterval?.ToTimeSpan() ?? TimeSpan.Zero,
            ExecutionExpirationTime = run.History[0].WorkflowExecutionStartedEventAttributes.WorkflowExecutionExpirationTime?.ToDateTimeOffset(),
        };
        var newRunId = Guid.NewGuid().ToString();
        var continued = NewEvent(EventType.WorkflowExecutionContinuedAsNew);
        continued.WorkflowExecutionContinuedAsNewEventAttributes = new()
        {
            NewExecutionRunId = newRunId,
            WorkflowType = new() { Name = newRunStart.WorkflowType },
            TaskQueue = new() { Name = newRunStart.TaskQueue },
            Input = a.Input,
            WorkflowRunTimeout = newRunStart.RunTimeout,
            WorkflowTaskTimeout = newRunStart.TaskTimeout,
            WorkflowTaskCompletedEventId = completedId,
            BackoffStartInterval = a.BackoffStartInterval,
            Initiator = newRunStart.Initiator,
            Failure = a.Failure,
            LastCompletionResult = a.LastCompletionResult,
            Header = a.Header,
            Memo = newRunStart.Memo,
            SearchAttributes = newRunStart.SearchAttributes,
        };
        // The new run keeps the parent link; only the chain's last run reports to the parent.
        CloseRun(run, continued, WorkflowExecutionStatus.ContinuedAsNew, notifyParent: false);
        CreateRun(newRunStart, runId: newRunId);
    }

    /// <summary>Ends a run whatever its state; used by TerminateWorkflowExecution and close policies.</summary>
    private void Terminate(ExecutionState run, string reason, Payloads? details, string identity)
    {
        if (!run.IsRunning)
        {
            return;
        }
        FlushBufferedEvents(run);
        var terminated = NewEvent(EventType.WorkflowExecutionTerminated);
        terminated.WorkflowExecutionTerminatedEventAttributes = new() { Reason = reason, Details = details, Identity = identity };
        CloseRun(run, terminated, WorkflowExecutionStatus.Terminated);
    }

    private void TimeOutRun(ExecutionState run)
    {
        if (!run.IsRunning)
        {
            return;
        }
        FlushBufferedEvents(run);
        var (retryState, next) = RetryAfter(run, null);
        next ??= CronAfter(run, null, null);
        var timedOut = NewEvent(EventType.WorkflowExecutionTimedOut);
        timedOut.WorkflowExecutionTimedOutEventAttributes = new()
        {
            RetryState = retryState == RetryState.RetryPolicyNotSet ? RetryState.Timeout : retryState,
            NewExecutionRunId = next?.RunId ?? "",
        };
        CloseAndContinue(run, timedOut, WorkflowExecutionStatus.TimedOut, next);
    }

    private void CloseRun(ExecutionState run, HistoryEvent closeEvent, WorkflowExecutionStatus status, bool notifyParent = true)
    {
        run.Append(closeEvent);
        run.Status = status;
        run.CloseTime = Now;
        ScheduleRetention(run);
        run.WorkflowTask = null;
        run.WorkflowTaskBackoffUntil = null;
        run.Activities.Clear();
        run.Timers.Clear();
        AbortOpenUpdates(run);
        ApplyParentClosePolicies(run);
        if (notifyParent)
        {
            NotifyParentOfClose(run, closeEvent);
        }
        AfterStep(() => DispatchWaitingQueries(run));
        NotifyScheduleOfClose(run);
    }
}
