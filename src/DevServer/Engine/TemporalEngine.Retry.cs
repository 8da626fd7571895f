using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// What follows a closing run in its chain: a retry (failed or timed-out run with a retry policy),
/// or the next cron run. Like the real server, the next run is created at once with a first
/// workflow task backoff, and the close event names it (new_execution_run_id) so that callers
/// waiting for the result follow the chain.
/// </summary>
internal sealed partial class TemporalEngine
{
    private static readonly TimeSpan DefaultRetryInitialInterval = TimeSpan.FromSeconds(1);

    private sealed record NextRun(RunStart Start, string RunId);

    private static WorkflowExecutionStartedEventAttributes StartedAttributes(ExecutionState run) =>
        run.History[0].WorkflowExecutionStartedEventAttributes;

    /// <summary>Decides on a retry after a failure (failure set) or a run timeout (failure null).</summary>
    private (RetryState State, NextRun? Next) RetryAfter(ExecutionState run, Failure? failure)
    {
        var started = StartedAttributes(run);
        var policy = started.RetryPolicy;
        if (policy is null)
        {
            return (RetryState.RetryPolicyNotSet, null);
        }
        if (failure?.ApplicationFailureInfo is { } app
            && (app.NonRetryable || policy.NonRetryableErrorTypes.Contains(app.Type)))
        {
            return (RetryState.NonRetryableFailure, null);
        }
        var attempt = Math.Max(1, started.Attempt);
        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return (RetryState.MaximumAttemptsReached, null);
        }
        var backoff = RetryBackoff(policy, attempt, failure);
        if (ExpiresBefore(started, Now + backoff))
        {
            return (RetryState.Timeout, null);
        }
        var next = NextRunOf(run, ContinueAsNewInitiator.Retry, backoff, failure, started.LastCompletionResult, attempt + 1);
        return (RetryState.InProgress, next);
    }

    /// <summary>The next cron run, if the run has a schedule and the chain has time left for it.</summary>
    private NextRun? CronAfter(ExecutionState run, Failure? failure, Payloads? result)
    {
        var started = StartedAttributes(run);
        if (!CronSchedule.TryParse(started.CronSchedule, out var cron) || cron.Backoff(Now) is not { } backoff
            || ExpiresBefore(started, Now + backoff))
        {
            return null;
        }
        // A failed cron run passes on the last successful result, not its own.
        return NextRunOf(run, ContinueAsNewInitiator.CronSchedule, backoff, failure, result ?? started.LastCompletionResult, 1);
    }

    private static bool ExpiresBefore(WorkflowExecutionStartedEventAttributes started, DateTimeOffset time) =>
        started.WorkflowExecutionExpirationTime?.ToDateTimeOffset() is { } expiry && time >= expiry;

    private static TimeSpan RetryBackoff(RetryPolicy policy, int attempt, Failure? failure)
    {
        if (failure?.ApplicationFailureInfo?.NextRetryDelay is { } explicitDelay && explicitDelay.ToTimeSpan() > TimeSpan.Zero)
        {
            return explicitDelay.ToTimeSpan();
        }
        var initial = policy.InitialInterval?.ToTimeSpan() is { } i && i > TimeSpan.Zero ? i : DefaultRetryInitialInterval;
        var coefficient = policy.BackoffCoefficient >= 1 ? policy.BackoffCoefficient : 2.0;
        var maximum = policy.MaximumInterval?.ToTimeSpan() is { } m && m > TimeSpan.Zero ? m : initial * 100;
        var backoff = initial.TotalSeconds * Math.Pow(coefficient, attempt - 1);
        return backoff >= maximum.TotalSeconds ? maximum : TimeSpan.FromSeconds(backoff);
    }

    private NextRun NextRunOf(ExecutionState run, ContinueAsNewInitiator initiator, TimeSpan backoff,
        Failure? failure, Payloads? lastResult, int attempt)
    {
        var started = StartedAttributes(run);
        var start = new RunStart
        {
            Namespace = run.Namespace,
            WorkflowId = run.WorkflowId,
            WorkflowType = run.WorkflowType,
            TaskQueue = run.TaskQueue,
            RequestId = Guid.NewGuid().ToString(),
            Input = started.Input,
            Header = started.Header,
            ExecutionTimeout = started.WorkflowExecutionTimeout,
            RunTimeout = started.WorkflowRunTimeout,
            TaskTimeout = started.WorkflowTaskTimeout,
            RetryPolicy = started.RetryPolicy,
            CronSchedule = started.CronSchedule,
            Memo = run.Memo,
            SearchAttributes = run.SearchAttributes,
            Identity = started.Identity,
            Parent = run.Parent,
            ContinuedFromRunId = run.RunId,
            Priority = WorkflowPriority(run),
            FirstRunId = run.FirstRunId,
            Initiator = initiator,
            ContinuedFailure = failure,
            LastCompletionResult = lastResult,
            Attempt = attempt,
            FirstWorkflowTaskBackoff = backoff,
            ExecutionExpirationTime = started.WorkflowExecutionExpirationTime?.ToDateTimeOffset(),
        };
        return new NextRun(start, Guid.NewGuid().ToString());
    }

    /// <summary>Closes the run, then starts the chain's next run when there is one; only a chain's end reaches the parent.</summary>
    private void CloseAndContinue(ExecutionState run, HistoryEvent closeEvent, WorkflowExecutionStatus status, NextRun? next)
    {
        CloseRun(run, closeEvent, status, notifyParent: next is null);
        if (next is not null)
        {
            CreateRun(next.Start, runId: next.RunId);
        }
    }
}
