using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;

namespace Release.DevServer.Engine;

/// <summary>One pending activity as DescribeWorkflowExecution shows it, pause and options included.</summary>
internal sealed partial class TemporalEngine
{
    private PendingActivityInfo PendingActivity(ActivityInfo activity)
    {
        var info = new PendingActivityInfo
        {
            ActivityId = activity.ActivityId,
            ActivityType = new() { Name = activity.ActivityType },
            State = PendingState(activity),
            HeartbeatDetails = activity.HeartbeatDetails,
            LastHeartbeatTime = activity.LastHeartbeatTime is { } hb ? Timestamp.FromDateTimeOffset(hb) : null,
            LastStartedTime = activity.StartedTime is { } st ? Timestamp.FromDateTimeOffset(st) : null,
            Attempt = activity.Attempt,
            MaximumAttempts = activity.RetryPolicy.MaximumAttempts,
            ScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
            ExpirationTime = activity.ScheduleToCloseDeadline is { } d ? Timestamp.FromDateTimeOffset(d) : null,
            LastFailure = activity.LastFailure,
            LastWorkerIdentity = activity.LastWorkerIdentity,
            LastAttemptCompleteTime = activity.LastAttemptCompleteTime is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
            Paused = activity.Paused,
            Priority = activity.Priority,
            ActivityOptions = CurrentActivityOptions(activity),
        };
        info.ActivityOptions.TaskQueue.NormalName = activity.TaskQueue;
        if (activity.State == ActivityRunState.Scheduled && !activity.Paused && activity.CurrentAttemptScheduledTime > Now
            && activity.LastAttemptCompleteTime is { } lastEnded)
        {
            // Waiting out a retry backoff: when the next attempt goes to the queue, and after how long.
            info.NextAttemptScheduleTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime);
            info.CurrentRetryInterval = Duration.FromTimeSpan(activity.CurrentAttemptScheduledTime - lastEnded);
        }
        if (activity.Pause is { } pause)
        {
            info.PauseInfo = new()
            {
                PauseTime = Timestamp.FromDateTimeOffset(pause.Time),
                Manual = new() { Identity = pause.Identity, Reason = pause.Reason },
            };
        }
        return info;
    }

    /// <summary>A paused activity is PAUSED when no attempt is out, PAUSE_REQUESTED while one still runs.</summary>
    private static PendingActivityState PendingState(ActivityInfo activity) => activity switch
    {
        { CancelRequested: true } => PendingActivityState.CancelRequested,
        { State: ActivityRunState.Started, Paused: true } => PendingActivityState.PauseRequested,
        { State: ActivityRunState.Started } => PendingActivityState.Started,
        { Paused: true } => PendingActivityState.Paused,
        _ => PendingActivityState.Scheduled,
    };
}
