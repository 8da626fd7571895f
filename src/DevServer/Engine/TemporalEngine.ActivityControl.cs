using Release.DevServer.Grpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// PauseActivity, UnpauseActivity and ResetActivity: operator controls over a pending activity,
/// named by id or by type. None writes an event (the real server changes only mutable state); a
/// running attempt learns of a pause or reset from its next heartbeat's response.
/// </summary>
internal sealed partial class TemporalEngine
{
    private const string ActivityNotFoundMessage =
        "Can't find pending activity with such ID. Invalid activityID or activity already completed";

    public PauseActivityResponse PauseActivity(PauseActivityRequest request) => Step(() =>
    {
        var run = RequireRunForActivityControl(request.Namespace, request.Execution, request.ActivityCase != PauseActivityRequest.ActivityOneofCase.None);
        var pause = new ActivityPause(Now, request.Identity, request.Reason, request.RequestId);
        var ids = request.ActivityCase == PauseActivityRequest.ActivityOneofCase.Id ? [request.Id] : IdsOfType(run, request.Type);
        foreach (var activity in RequirePendingActivities(run, ids))
        {
            if (activity.Pause is { } existing)
            {
                // A retried request is not an error; a second pause by someone else is.
                if (existing.RequestId == pause.RequestId)
                {
                    continue;
                }
                throw RpcErrors.FailedPrecondition("activity is already paused");
            }
            if (activity.State == ActivityRunState.Scheduled)
            {
                // Drops its queued task or pending retry; a running attempt is left to finish.
                activity.Stamp++;
                activity.Dispatchable = false;
            }
            activity.Pause = pause;
        }
        return new PauseActivityResponse();
    });

    public UnpauseActivityResponse UnpauseActivity(UnpauseActivityRequest request) => Step(() =>
    {
        var run = RequireRunForActivityControl(request.Namespace, request.Execution, request.ActivityCase != UnpauseActivityRequest.ActivityOneofCase.None);
        var ids = request.ActivityCase switch
        {
            UnpauseActivityRequest.ActivityOneofCase.Id => [request.Id],
            UnpauseActivityRequest.ActivityOneofCase.Type => IdsOfType(run, request.Type),
            _ => run.Activities.Values.Select(a => a.ActivityId).ToList(),
        };
        foreach (var activity in RequirePendingActivities(run, ids).Where(a => a.Paused))
        {
            activity.Pause = null;
            activity.Stamp++;
            if (request.ResetAttempts)
            {
                SetAttempt(run, activity, 1);
            }
            if (request.ResetHeartbeat)
            {
                activity.HeartbeatDetails = null;
                activity.LastHeartbeatTime = null;
            }
            if (activity.State == ActivityRunState.Scheduled)
            {
                DispatchActivityAt(run, activity, Now + RandomJitter(request.Jitter));
            }
        }
        return new UnpauseActivityResponse();
    });

    public ResetActivityResponse ResetActivity(ResetActivityRequest request) => Step(() =>
    {
        var run = RequireRunForActivityControl(request.Namespace, request.Execution, request.ActivityCase != ResetActivityRequest.ActivityOneofCase.None);
        var ids = request.ActivityCase switch
        {
            ResetActivityRequest.ActivityOneofCase.Id => [request.Id],
            ResetActivityRequest.ActivityOneofCase.Type => IdsOfType(run, request.Type),
            _ => run.Activities.Values.Select(a => a.ActivityId).ToList(),
        };
        foreach (var activity in RequirePendingActivities(run, ids))
        {
            if (request.RestoreOriginalOptions)
            {
                ApplyActivityOptions(activity, OriginalActivityOptions(run, activity));
            }
            SetAttempt(run, activity, 1);
            activity.ResetRequested = true;
            activity.ResetHeartbeatsOnRetry |= request.ResetHeartbeat;
            if (activity.Paused && !request.KeepPaused)
            {
                activity.Pause = null;
            }
            activity.Stamp++;
            if (activity.State == ActivityRunState.Started || activity.Paused)
            {
                // A running attempt finishes first (its worker sees activity_reset); a paused one waits.
                continue;
            }
            if (request.ResetHeartbeat)
            {
                activity.HeartbeatDetails = null;
                activity.LastHeartbeatTime = null;
            }
            DispatchActivityAt(run, activity, Now + RandomJitter(request.Jitter));
        }
        return new ResetActivityResponse();
    });

    /// <summary>The real frontend's checks, in its order: workflow id, then the activity, then the namespace.</summary>
    private ExecutionState RequireRunForActivityControl(string ns, WorkflowExecution? execution, bool activityNamed)
    {
        if (string.IsNullOrEmpty(execution?.WorkflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (!activityNamed)
        {
            throw RpcErrors.InvalidArgument("Either Activity.Id or Activity.Type should be set on request.");
        }
        return RequireRun(ns, execution);
    }

    private static List<string> IdsOfType(ExecutionState run, string activityType) =>
        run.Activities.Values.Where(a => a.ActivityType == activityType).Select(a => a.ActivityId).ToList();

    /// <summary>No match at all is NotFound; so is an id that names no pending activity.</summary>
    private static List<ActivityInfo> RequirePendingActivities(ExecutionState run, List<string> ids)
    {
        if (ids.Count == 0)
        {
            throw RpcErrors.NotFound(ActivityNotFoundMessage);
        }
        if (!run.IsRunning)
        {
            throw RpcErrors.WorkflowCompleted();
        }
        return ids.Select(id => run.Activities.Values.FirstOrDefault(a => a.ActivityId == id)
            ?? throw RpcErrors.NotFound(ActivityNotFoundMessage)).ToList();
    }

    /// <summary>
    /// A running attempt's timeouts are tied to its attempt number, so they are armed again under
    /// the new one; its worker's token (still the old number) is refused, as on the real server.
    /// </summary>
    private void SetAttempt(ExecutionState run, ActivityInfo activity, int attempt)
    {
        if (activity.Attempt == attempt)
        {
            return;
        }
        activity.Attempt = attempt;
        if (activity.State == ActivityRunState.Started)
        {
            ArmAttemptTimeouts(run, activity);
        }
    }

    private static TimeSpan RandomJitter(Google.Protobuf.WellKnownTypes.Duration? jitter)
    {
        var range = jitter?.ToTimeSpan() ?? TimeSpan.Zero;
        return range > TimeSpan.Zero ? TimeSpan.FromTicks(Random.Shared.NextInt64(range.Ticks)) : TimeSpan.Zero;
    }

    /// <summary>Queues the current attempt when due; anything that bumps the stamp first cancels it.</summary>
    private void DispatchActivityAt(ExecutionState run, ActivityInfo activity, DateTimeOffset due)
    {
        activity.Stamp++;
        activity.Dispatchable = false;
        // When the next attempt is due: shown by describe, and what a restart from a database waits for.
        activity.CurrentAttemptScheduledTime = due;
        ArmDelayedDispatch(run, activity);
    }

    private void ArmDelayedDispatch(ExecutionState run, ActivityInfo activity)
    {
        var stamp = activity.Stamp;
        At(activity.CurrentAttemptScheduledTime, () =>
        {
            if (run.IsRunning && run.Activities.ContainsKey(activity.ScheduledEventId) && activity.Stamp == stamp
                && !activity.Paused && !activity.Dispatchable && activity.State == ActivityRunState.Scheduled)
            {
                DispatchActivity(run, activity);
            }
        });
    }

    private void EnqueueActivityTask(ExecutionState run, ActivityInfo activity) =>
        _queues.Add(run.Namespace, activity.TaskQueue, TaskKind.Activity,
            new QueuedTask(run.Key, activity.ScheduledEventId, activity.Attempt, Stamp: activity.Stamp,
                PriorityKey: EffectivePriorityKey(EffectivePriority(run, activity))));
}
