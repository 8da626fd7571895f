using Release.DevServer.Persistence;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Startup from a database: the runs come back as they were at the last committed step, then every
/// timer and queued task is rebuilt from their state, as the real server's timer and transfer queues
/// resume after a restart. Overdue timers and timeouts fire at once. A workflow or activity task that
/// a worker had taken stays started and times out on its own schedule (its worker may still answer);
/// a task that no worker had taken goes back into its queue. Queries in flight are not kept: their
/// callers lost the connection and ask again.
/// </summary>
internal sealed partial class TemporalEngine
{
    private void LoadStoredState(ExecutionJournal journal)
    {
        var state = journal.Load();
        foreach (var ns in state.Namespaces)
        {
            _namespaces[ns.Name] = ns;
        }
        var serial = state.NextWorkflowTaskSerial;
        foreach (var stored in state.Runs)
        {
            var run = stored.Run;
            _runs.Load(run.Key, run);
            var chainKey = (run.Namespace, run.WorkflowId);
            if (!_chains.TryGetValue(chainKey, out var chain))
            {
                chain = [];
                _chains.Load(chainKey, chain);
            }
            chain.Add(run);
            serial = Math.Max(serial, run.WorkflowTask?.Serial ?? 0);
        }
        _nextWorkflowTaskSerial = serial;
    }

    /// <summary>Re-arms each running run in its own step, so its callbacks are tied to it alone.</summary>
    private void ResumeStoredRuns()
    {
        Step(() => { });
        foreach (var run in _runs.Values.Where(r => r.IsRunning).ToList())
        {
            Step(() =>
            {
                _journal?.Touch(run);
                ResumeRun(run);
            });
        }
    }

    private void ResumeRun(ExecutionState run)
    {
        var started = run.History[0].WorkflowExecutionStartedEventAttributes;
        if (RunDeadline(run.StartTime, run.RunTimeout, started.WorkflowExecutionExpirationTime?.ToDateTimeOffset()) is { } deadline)
        {
            At(deadline, () => TimeOutRun(run));
        }
        if (run.WorkflowTaskBackoffUntil is { } backoffUntil)
        {
            At(backoffUntil, () =>
            {
                run.WorkflowTaskBackoffUntil = null;
                ScheduleWorkflowTask(run);
            });
        }
        var task = run.WorkflowTask;
        foreach (var update in run.Updates.Values.Where(u => u.Stage == UpdateStage.Sent))
        {
            if (task is not { IsStarted: true } || !task.SentUpdateIds.Contains(update.UpdateId))
            {
                update.Advance(UpdateStage.Admitted);
            }
        }
        if (task is { IsStarted: true })
        {
            var serial = task.Serial;
            At(task.StartedTime + run.WorkflowTaskTimeout, () => OnWorkflowTaskTimeout(run, serial));
        }
        else if (task is not null)
        {
            EnqueueWorkflowTask(run, task);
        }
        else if (run.Updates.Values.Any(u => u.Stage == UpdateStage.Admitted))
        {
            ScheduleWorkflowTask(run, WorkflowTaskKind.Speculative);
        }
        foreach (var timer in run.Timers.Values)
        {
            At(timer.FireTime, () => FireTimer(run, timer));
        }
        foreach (var activity in run.Activities.Values)
        {
            ResumeActivity(run, activity);
        }
    }

    private void ResumeActivity(ExecutionState run, ActivityInfo activity)
    {
        var attempt = activity.Attempt;
        if (activity.ScheduleToCloseDeadline is { } deadline)
        {
            At(deadline, () => OnActivityTimeout(run, activity, attempt, TimeoutType.ScheduleToClose, anyAttempt: true));
        }
        if (activity.State == ActivityRunState.Started)
        {
            // Its worker may be gone: the start-to-close (or heartbeat) timeout retries it, as in the real server.
            ArmAttemptTimeouts(run, activity);
        }
        else if (activity.Paused)
        {
            // Nothing is due until UnpauseActivity.
        }
        else if (activity.Dispatchable)
        {
            EnqueueActivityTask(run, activity);
            if (activity.ScheduleToStartTimeout is { } scheduleToStart && scheduleToStart != activity.ScheduleToCloseTimeout)
            {
                ArmScheduleToStart(run, activity, activity.CurrentAttemptScheduledTime + scheduleToStart);
            }
        }
        else
        {
            // Waiting out a retry backoff, due at the attempt's scheduled time.
            ArmDelayedDispatch(run, activity);
        }
    }

    /// <summary>For tests: where the database and memory disagree; empty when every step was written.</summary>
    internal IReadOnlyList<string> FindPersistenceDrift()
    {
        lock (_gate)
        {
            var drift = _journal?.FindDrift(_runs.Values.ToList()) ?? ["no database"];
            return [.. drift, .. _journal?.Incidents ?? []];
        }
    }
}
