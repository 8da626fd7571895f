using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Activity.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// UpdateActivityOptions: changes a pending activity's task queue, timeouts, retry policy or
/// priority by field mask (or restores those it was scheduled with). As on the real server, the
/// timeouts of a running attempt are re-armed under the new values, and a waiting attempt is
/// queued again under the new queue and retry policy.
/// </summary>
internal sealed partial class TemporalEngine
{
    public UpdateActivityOptionsResponse UpdateActivityOptions(UpdateActivityOptionsRequest request) => Step(() =>
    {
        var run = RequireRunForActivityControl(request.Namespace, request.Execution,
            request.ActivityCase != UpdateActivityOptionsRequest.ActivityOneofCase.None);
        CheckPriority(request.ActivityOptions?.Priority);
        var paths = request.UpdateMask?.Paths.Select(CamelCasePath).ToHashSet() ?? [];
        if (request.UpdateMask is not null && request.RestoreOriginal && paths.Count > 0)
        {
            throw RpcErrors.InvalidArgument("Both UpdateMask and RestoreOriginal are provided");
        }
        var ids = request.ActivityCase switch
        {
            UpdateActivityOptionsRequest.ActivityOneofCase.Id => [request.Id],
            UpdateActivityOptionsRequest.ActivityOneofCase.Type => IdsOfType(run, request.Type),
            _ => run.Activities.Values.Select(a => a.ActivityId).ToList(),
        };
        if (request.RestoreOriginal)
        {
            ActivityOptions? restored = null;
            foreach (var activity in RequirePendingActivities(run, ids))
            {
                restored = OriginalActivityOptions(run, activity);
                ApplyNewOptions(run, activity, restored);
            }
            return new UpdateActivityOptionsResponse { ActivityOptions = restored };
        }
        if (!run.IsRunning)
        {
            throw RpcErrors.WorkflowCompleted();
        }
        var mergeFrom = request.ActivityOptions ?? throw RpcErrors.InvalidArgument("ActivityOptions are not provided");
        var targets = RequirePendingActivities(run, ids);
        if (request.UpdateMask is null)
        {
            throw RpcErrors.InvalidArgument("UpdateMask is not provided");
        }
        ActivityOptions? adjusted = null;
        foreach (var activity in targets)
        {
            var merged = ActivityOptionsMerge.Merge(CurrentActivityOptions(activity), mergeFrom, paths);
            if (paths.Any(p => p.StartsWith("retryPolicy.", StringComparison.Ordinal)))
            {
                ActivityOptionsMerge.ValidateRetryPolicy(merged.RetryPolicy);
            }
            adjusted = NormalizedOptions(activity, merged);
            ApplyNewOptions(run, activity, adjusted);
        }
        return new UpdateActivityOptionsResponse { ActivityOptions = adjusted };
    });

    private static ActivityOptions CurrentActivityOptions(ActivityInfo activity) => new()
    {
        TaskQueue = new() { Name = activity.TaskQueue },
        ScheduleToCloseTimeout = ToDuration(activity.ScheduleToCloseTimeout),
        ScheduleToStartTimeout = ToDuration(activity.ScheduleToStartTimeout),
        StartToCloseTimeout = Duration.FromTimeSpan(activity.StartToCloseTimeout),
        HeartbeatTimeout = ToDuration(activity.HeartbeatTimeout),
        Priority = activity.Priority?.Clone(),
        RetryPolicy = new()
        {
            InitialInterval = activity.RetryPolicy.InitialInterval,
            BackoffCoefficient = activity.RetryPolicy.BackoffCoefficient,
            MaximumInterval = activity.RetryPolicy.MaximumInterval,
            MaximumAttempts = activity.RetryPolicy.MaximumAttempts,
        },
    };

    /// <summary>The options in the activity's ActivityTaskScheduled event.</summary>
    private static ActivityOptions OriginalActivityOptions(ExecutionState run, ActivityInfo activity)
    {
        var scheduled = run.History[(int)activity.ScheduledEventId - 1].ActivityTaskScheduledEventAttributes
            ?? throw RpcErrors.InvalidArgument("ActivityTaskScheduledEvent is invalid");
        return new ActivityOptions
        {
            TaskQueue = new() { Name = scheduled.TaskQueue.Name },
            ScheduleToCloseTimeout = scheduled.ScheduleToCloseTimeout,
            ScheduleToStartTimeout = scheduled.ScheduleToStartTimeout,
            StartToCloseTimeout = scheduled.StartToCloseTimeout,
            HeartbeatTimeout = scheduled.HeartbeatTimeout,
            Priority = scheduled.Priority,
            RetryPolicy = scheduled.RetryPolicy,
        };
    }

    /// <summary>The real server's timeout rules for a scheduled activity, with no run timeout to cap them.</summary>
    private static ActivityOptions NormalizedOptions(ActivityInfo activity, ActivityOptions options)
    {
        var scheduleToClose = Positive(options.ScheduleToCloseTimeout);
        var scheduleToStart = Positive(options.ScheduleToStartTimeout);
        var startToClose = Positive(options.StartToCloseTimeout);
        if (scheduleToClose is { } total)
        {
            scheduleToStart = scheduleToStart is { } s && s < total ? s : total;
            startToClose = startToClose is { } c && c < total ? c : total;
        }
        else if (startToClose is null)
        {
            throw RpcErrors.InvalidArgument(
                $"a valid StartToCloseTimeout or ScheduleToCloseTimeout must be set on the activity. ActivityId={activity.ActivityId} ActivityType={activity.ActivityType}");
        }
        var heartbeat = Positive(options.HeartbeatTimeout);
        options.ScheduleToCloseTimeout = ToDuration(scheduleToClose) ?? new Duration();
        options.ScheduleToStartTimeout = ToDuration(scheduleToStart) ?? new Duration();
        options.StartToCloseTimeout = ToDuration(startToClose);
        options.HeartbeatTimeout = ToDuration(heartbeat > startToClose ? startToClose : heartbeat) ?? new Duration();
        return options;
    }

    private static void ApplyActivityOptions(ActivityInfo activity, ActivityOptions options)
    {
        activity.TaskQueue = options.TaskQueue.Name;
        activity.ScheduleToCloseTimeout = Positive(options.ScheduleToCloseTimeout);
        activity.ScheduleToStartTimeout = Positive(options.ScheduleToStartTimeout);
        activity.StartToCloseTimeout = Positive(options.StartToCloseTimeout) ?? activity.ScheduleToCloseTimeout ?? activity.StartToCloseTimeout;
        activity.HeartbeatTimeout = Positive(options.HeartbeatTimeout);
        activity.Priority = options.Priority;
        var policy = activity.RetryPolicy.Clone();
        policy.InitialInterval = options.RetryPolicy?.InitialInterval;
        policy.BackoffCoefficient = options.RetryPolicy?.BackoffCoefficient ?? 0;
        policy.MaximumInterval = options.RetryPolicy?.MaximumInterval;
        policy.MaximumAttempts = options.RetryPolicy?.MaximumAttempts ?? 0;
        activity.RetryPolicy = NormalizedRetryPolicy(policy);
    }

    /// <summary>
    /// Stores the options; an activity waiting to be dispatched (queued or in backoff) is queued
    /// again under them, at the time its retry policy now gives.
    /// </summary>
    private void ApplyNewOptions(ExecutionState run, ActivityInfo activity, ActivityOptions options)
    {
        ApplyActivityOptions(activity, options);
        activity.Stamp++;
        if (activity.ScheduleToCloseDeadline is { } closeBy)
        {
            At(closeBy, () => OnActivityTimeout(run, activity, activity.Attempt, TimeoutType.ScheduleToClose, anyAttempt: true));
        }
        if (activity.State == ActivityRunState.Started)
        {
            ArmAttemptTimeouts(run, activity);
            return;
        }
        if (activity.Paused)
        {
            return;
        }
        var due = NextScheduledTime(activity);
        DispatchActivityAt(run, activity, due > Now ? due : Now);
    }

    /// <summary>
    /// A retry's due time under the current policy, counted from when the last attempt ended (the
    /// real server's formula, which raises the coefficient to the number of the attempt to come).
    /// </summary>
    private DateTimeOffset NextScheduledTime(ActivityInfo activity)
    {
        if (activity.Attempt <= 1 || activity.LastAttemptCompleteTime is not { } lastEnded)
        {
            return Now;
        }
        var policy = activity.RetryPolicy;
        var interval = policy.InitialInterval.ToTimeSpan() * Math.Pow(policy.BackoffCoefficient, activity.Attempt - 1);
        var maximum = policy.MaximumInterval.ToTimeSpan();
        if (maximum > TimeSpan.Zero && interval > maximum)
        {
            interval = maximum;
        }
        return lastEnded + interval;
    }

    /// <summary>Field mask paths as the real server reads them: each part in lower camel case.</summary>
    private static string CamelCasePath(string path) => string.Join('.', path.Split('.').Select(part =>
    {
        var words = part.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }));
}
