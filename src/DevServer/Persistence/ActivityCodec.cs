using Release.DevServer.Engine;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace Release.DevServer.Persistence;

/// <summary>A pending activity inside an execution snapshot.</summary>
internal static class ActivityCodec
{
    /// <param name="version">The execution snapshot's format: 1 has no priority or pause state.</param>
    public static void Write(SnapshotWriter w, ActivityInfo a, int version)
    {
        w.Long(a.ScheduledEventId);
        w.String(a.ActivityId);
        w.String(a.ActivityType);
        w.String(a.TaskQueue);
        w.Time(a.FirstScheduledTime);
        w.OptionalSpan(a.ScheduleToCloseTimeout);
        w.OptionalSpan(a.ScheduleToStartTimeout);
        w.Span(a.StartToCloseTimeout);
        w.OptionalSpan(a.HeartbeatTimeout);
        w.Message(a.RetryPolicy);
        w.Message(a.Header);
        w.Message(a.Input);
        w.Int((int)a.State);
        w.Int(a.Attempt);
        w.Time(a.CurrentAttemptScheduledTime);
        w.Bool(a.Dispatchable);
        w.OptionalTime(a.StartedTime);
        w.OptionalTime(a.LastHeartbeatTime);
        w.Message(a.HeartbeatDetails);
        w.Message(a.LastFailure);
        w.String(a.LastWorkerIdentity);
        w.Bool(a.CancelRequested);
        w.Long(a.CancelRequestedEventId);
        if (version < 2)
        {
            return;
        }

        w.Message(a.Priority);
        w.Int(a.Stamp);
        w.Bool(a.Pause is not null);
        if (a.Pause is { } pause)
        {
            w.Time(pause.Time);
            w.String(pause.Identity);
            w.String(pause.Reason);
            w.String(pause.RequestId);
        }
        w.Bool(a.ResetRequested);
        w.Bool(a.ResetHeartbeatsOnRetry);
        w.OptionalTime(a.LastAttemptCompleteTime);
    }

    public static ActivityInfo Read(SnapshotReader r, int version)
    {
        var activity = ReadScheduled(r);
        if (version < 2)
        {
            return activity;
        }

        activity.Priority = r.Message(Priority.Parser);
        activity.Stamp = r.Int();
        activity.Pause = r.Bool() ? new ActivityPause(r.Time(), r.String(), r.String(), r.String()) : null;
        activity.ResetRequested = r.Bool();
        activity.ResetHeartbeatsOnRetry = r.Bool();
        activity.LastAttemptCompleteTime = r.OptionalTime();
        return activity;
    }

    private static ActivityInfo ReadScheduled(SnapshotReader r) => new()
    {
        ScheduledEventId = r.Long(),
        ActivityId = r.String(),
        ActivityType = r.String(),
        TaskQueue = r.String(),
        FirstScheduledTime = r.Time(),
        ScheduleToCloseTimeout = r.OptionalSpan(),
        ScheduleToStartTimeout = r.OptionalSpan(),
        StartToCloseTimeout = r.Span(),
        HeartbeatTimeout = r.OptionalSpan(),
        RetryPolicy = r.RequiredMessage(RetryPolicy.Parser),
        Header = r.Message(Header.Parser),
        Input = r.Message(Payloads.Parser),
        State = (ActivityRunState)r.Int(),
        Attempt = r.Int(),
        CurrentAttemptScheduledTime = r.Time(),
        Dispatchable = r.Bool(),
        StartedTime = r.OptionalTime(),
        LastHeartbeatTime = r.OptionalTime(),
        HeartbeatDetails = r.Message(Payloads.Parser),
        LastFailure = r.Message(Failure.Parser),
        LastWorkerIdentity = r.String(),
        CancelRequested = r.Bool(),
        CancelRequestedEventId = r.Long(),
    };
}
