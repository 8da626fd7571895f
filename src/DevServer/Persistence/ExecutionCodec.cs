using Google.Protobuf;
using Release.DevServer.Engine;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace Release.DevServer.Persistence;

/// <summary>
/// The mutable state of a run, minus its history (stored event by event, see
/// <see cref="SqliteExecutionStore"/>), as a compact snapshot. Every field of the state classes is
/// either written here or named in <see cref="Transient"/>; a test checks that by reflection, so
/// a field added to the engine cannot be forgotten silently.
/// </summary>
internal static class ExecutionCodec
{
    /// <summary>
    /// Bumped when the layout changes. Version 2 added the activities' priority and pause state;
    /// version 1 snapshots (files of the previous build) are still read, with those unset. Any
    /// other version is refused as corrupt.
    /// </summary>
    public const byte FormatVersion = 2;

    /// <summary>State that does not outlive the process: waiters, in-flight queries, and history (stored apart).</summary>
    public static readonly IReadOnlyDictionary<Type, string[]> Transient = new Dictionary<Type, string[]>
    {
        [typeof(ExecutionState)] = [nameof(ExecutionState.History), nameof(ExecutionState.Queries), nameof(ExecutionState.HistoryChanged)],
        [typeof(WorkflowTaskInfo)] = [nameof(WorkflowTaskInfo.AttachedQueryIds)],
        [typeof(UpdateInfo)] = [nameof(UpdateInfo.Changed)],
        [typeof(ActivityInfo)] = [],
        [typeof(TimerInfo)] = [],
        [typeof(ChildInfo)] = [],
        [typeof(ParentLink)] = [],
        [typeof(NamespaceEntry)] = [],
    };

    /// <param name="version">Only tests write an older layout, to prove it is still read.</param>
    public static void Write(SnapshotWriter w, ExecutionState run, byte version = FormatVersion)
    {
        w.Reset();
        w.Int(version);
        w.String(run.Namespace);
        w.String(run.WorkflowId);
        w.String(run.RunId);
        w.String(run.FirstRunId);
        w.String(run.WorkflowType);
        w.String(run.TaskQueue);
        w.String(run.StartRequestId);
        w.Time(run.StartTime);
        w.Time(run.ExecutionTime);
        w.OptionalTime(run.CloseTime);
        w.Int((int)run.Status);
        w.Span(run.WorkflowTaskTimeout);
        w.OptionalSpan(run.RunTimeout);
        w.OptionalSpan(run.ExecutionTimeout);
        w.Message(run.Memo);
        w.Message(run.SearchAttributes);
        w.Bool(run.Parent is not null);
        if (run.Parent is { } parent)
        {
            w.String(parent.Namespace);
            w.String(parent.WorkflowId);
            w.String(parent.RunId);
            w.Long(parent.InitiatedEventId);
        }
        w.Int(run.BufferedEvents.Count);
        foreach (var buffered in run.BufferedEvents)
        {
            w.Message(buffered);
        }
        w.Bool(run.WorkflowTask is not null);
        if (run.WorkflowTask is { } task)
        {
            WriteWorkflowTask(w, task);
        }
        w.Long(run.LastCompletedWorkflowTaskStartedEventId);
        w.Int(run.Activities.Count);
        foreach (var activity in run.Activities.Values)
        {
            ActivityCodec.Write(w, activity, version);
        }
        w.Int(run.Timers.Count);
        foreach (var timer in run.Timers.Values)
        {
            w.String(timer.TimerId);
            w.Long(timer.StartedEventId);
            w.Time(timer.FireTime);
        }
        w.Int(run.Children.Count);
        foreach (var child in run.Children.Values)
        {
            w.Long(child.InitiatedEventId);
            w.String(child.Namespace);
            w.String(child.WorkflowId);
            w.String(child.WorkflowType);
            w.Int((int)child.ParentClosePolicy);
            w.OptionalString(child.RunId);
            w.Long(child.StartedEventId);
        }
        w.Int(run.Updates.Count);
        foreach (var update in run.Updates.Values)
        {
            w.String(update.UpdateId);
            w.Message(update.Request);
            w.Int((int)update.Stage);
            w.Message(update.Outcome);
            w.Long(update.AcceptedEventId);
            w.Bool(update.Aborted);
        }
        w.Strings(run.SeenRequestIds);
        w.Bool(run.CancelRequested);
        w.OptionalTime(run.WorkflowTaskBackoffUntil);
    }

    /// <summary>Rebuilds a run from its snapshot and its history events.</summary>
    public static ExecutionState Read(byte[] snapshot, IEnumerable<HistoryEvent> history)
    {
        var r = new SnapshotReader(snapshot);
        var version = r.Int();
        if (version is not (1 or FormatVersion))
        {
            throw new InvalidDataException($"execution snapshot has format {version}, expected {FormatVersion}");
        }
        var run = new ExecutionState
        {
            Namespace = r.String(),
            WorkflowId = r.String(),
            RunId = r.String(),
            FirstRunId = r.String(),
            WorkflowType = r.String(),
            TaskQueue = r.String(),
            StartRequestId = r.String(),
            StartTime = r.Time(),
            ExecutionTime = r.Time(),
            CloseTime = r.OptionalTime(),
            Status = (WorkflowExecutionStatus)r.Int(),
            WorkflowTaskTimeout = r.Span(),
            RunTimeout = r.OptionalSpan(),
            ExecutionTimeout = r.OptionalSpan(),
            Memo = r.Message(Memo.Parser),
            SearchAttributes = r.Message(SearchAttributes.Parser),
            Parent = r.Bool() ? new ParentLink(r.String(), r.String(), r.String(), r.Long()) : null,
        };
        run.History.AddRange(history);
        var buffered = r.Int();
        for (var i = 0; i < buffered; i++)
        {
            run.BufferedEvents.Add(r.RequiredMessage(HistoryEvent.Parser));
        }
        run.WorkflowTask = r.Bool() ? ReadWorkflowTask(r) : null;
        run.LastCompletedWorkflowTaskStartedEventId = r.Long();
        var activities = r.Int();
        for (var i = 0; i < activities; i++)
        {
            var activity = ActivityCodec.Read(r, version);
            run.Activities[activity.ScheduledEventId] = activity;
        }
        var timers = r.Int();
        for (var i = 0; i < timers; i++)
        {
            var timer = new TimerInfo(r.String(), r.Long(), r.Time());
            run.Timers[timer.TimerId] = timer;
        }
        var children = r.Int();
        for (var i = 0; i < children; i++)
        {
            var child = new ChildInfo
            {
                InitiatedEventId = r.Long(),
                Namespace = r.String(),
                WorkflowId = r.String(),
                WorkflowType = r.String(),
                ParentClosePolicy = (ParentClosePolicy)r.Int(),
                RunId = r.OptionalString(),
                StartedEventId = r.Long(),
            };
            run.Children[child.InitiatedEventId] = child;
        }
        var updates = r.Int();
        for (var i = 0; i < updates; i++)
        {
            var update = new UpdateInfo
            {
                UpdateId = r.String(),
                Request = r.RequiredMessage(Request.Parser),
                Stage = (UpdateStage)r.Int(),
                Outcome = r.Message(Outcome.Parser),
                AcceptedEventId = r.Long(),
                Aborted = r.Bool(),
            };
            run.Updates[update.UpdateId] = update;
        }
        foreach (var requestId in r.Strings())
        {
            run.SeenRequestIds.Add(requestId);
        }
        run.CancelRequested = r.Bool();
        run.WorkflowTaskBackoffUntil = r.OptionalTime();
        return run;
    }

    private static void WriteWorkflowTask(SnapshotWriter w, WorkflowTaskInfo task)
    {
        w.Int((int)task.Kind);
        w.Int(task.Attempt);
        w.Time(task.ScheduledTime);
        w.Long(task.ScheduledEventId);
        w.Long(task.StartedEventId);
        w.Time(task.StartedTime);
        w.String(task.Identity);
        w.Long(task.Serial);
        w.Strings(task.SentUpdateIds);
    }

    private static WorkflowTaskInfo ReadWorkflowTask(SnapshotReader r)
    {
        var task = new WorkflowTaskInfo
        {
            Kind = (WorkflowTaskKind)r.Int(),
            Attempt = r.Int(),
            ScheduledTime = r.Time(),
            ScheduledEventId = r.Long(),
            StartedEventId = r.Long(),
            StartedTime = r.Time(),
            Identity = r.String(),
            Serial = r.Long(),
        };
        task.SentUpdateIds.AddRange(r.Strings());
        return task;
    }

    /// <summary>Writes history events as one blob of length-delimited messages (one row per step).</summary>
    public static byte[] WriteEvents(List<HistoryEvent> history, int from)
    {
        var size = 0;
        for (var i = from; i < history.Count; i++)
        {
            size += CodedOutputStream.ComputeMessageSize(history[i]);
        }
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        for (var i = from; i < history.Count; i++)
        {
            output.WriteMessage(history[i]);
        }
        output.CheckNoSpaceLeft();
        return bytes;
    }

    public static void ReadEvents(byte[] blob, List<HistoryEvent> into)
    {
        var input = new CodedInputStream(blob);
        while (!input.IsAtEnd)
        {
            var historyEvent = new HistoryEvent();
            input.ReadMessage(historyEvent);
            into.Add(historyEvent);
        }
    }
}
