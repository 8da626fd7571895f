using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Engine.Schedules;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// The schedule RPCs: create, describe, update, patch, delete and matching times. The real server
/// runs each schedule as a workflow ("temporal-sys-scheduler:" + id); here a schedule is engine
/// state of its own, and errors name that workflow where the real server's do.
/// </summary>
internal sealed partial class TemporalEngine
{
    private const int FutureActionCount = 10;
    private readonly Dictionary<(string Namespace, string ScheduleId), ScheduleEntry> _schedules = new();
    private readonly HashSet<ScheduleEntry> _changedSchedules = [];

    public CreateScheduleResponse CreateSchedule(CreateScheduleRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace).Name;
        if (string.IsNullOrEmpty(request.ScheduleId))
        {
            throw RpcErrors.InvalidArgument("ScheduleId is not set on request.");
        }
        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw RpcErrors.InvalidArgument("RequestId is not set on request.");
        }
        var schedule = request.Schedule?.Clone() ?? new Schedule();
        schedule.Spec = CanonicalSpec(schedule.Spec);
        ValidateScheduleAction(ns, schedule.Action?.StartWorkflow);
        RequireValidSearchAttributes(ns, request.SearchAttributes);
        if (_schedules.TryGetValue((ns, request.ScheduleId), out var existing))
        {
            if (existing.CreateRequestId == request.RequestId)
            {
                return new CreateScheduleResponse { ConflictToken = ConflictTokenBytes(existing) };
            }
            throw RpcErrors.AlreadyStarted($"schedule \"{request.ScheduleId}\" is already registered", "", "");
        }
        var state = new ScheduleEntry
        {
            Namespace = ns,
            ScheduleId = request.ScheduleId,
            Schedule = schedule,
            Memo = request.Memo is { Fields.Count: > 0 } memo ? memo.Clone() : null,
            SearchAttributes = request.SearchAttributes is { IndexedFields.Count: > 0 } attributes ? Typed(ns, attributes) : null,
            CreateRequestId = request.RequestId,
            LastProcessedTime = Now,
        };
        state.Info.CreateTime = Timestamp.FromDateTimeOffset(Now);
        FillScheduleDefaults(state);
        _schedules[(ns, state.ScheduleId)] = state;
        if (request.InitialPatch is { } patch)
        {
            ApplyPatch(state, patch);
        }
        ProcessSchedule(state);
        return new CreateScheduleResponse { ConflictToken = ConflictTokenBytes(state) };
    });

    public DescribeScheduleResponse DescribeSchedule(DescribeScheduleRequest request) => Step(() =>
    {
        var state = RequireSchedule(request.Namespace, request.ScheduleId);
        var schedule = state.Schedule.Clone();
        ScheduleSpecCanonicalizer.FillRangeDefaults(schedule.Spec);
        var info = state.Info.Clone();
        info.FutureActionTimes.AddRange(FutureActionTimes(state, FutureActionCount));
        info.BufferSize = state.Buffer.Count;
        return new DescribeScheduleResponse
        {
            Schedule = schedule,
            Info = info,
            Memo = state.Memo?.Clone(),
            SearchAttributes = state.SearchAttributes?.Clone(),
            ConflictToken = ConflictTokenBytes(state),
        };
    });

    public UpdateScheduleResponse UpdateSchedule(UpdateScheduleRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace).Name;
        ValidateScheduleAction(ns, request.Schedule?.Action?.StartWorkflow);
        var schedule = request.Schedule?.Clone() ?? new Schedule();
        schedule.Spec = CanonicalSpec(schedule.Spec);
        RequireValidSearchAttributes(ns, request.SearchAttributes);
        if (request.Memo is not null)
        {
            // The real server's workflow-backed schedules keep the memo of their creation.
            throw RpcErrors.FailedPrecondition("memo updates are not supported on workflow-backed schedules");
        }
        var state = RequireSchedule(ns, request.ScheduleId);
        var token = request.ConflictToken.Length >= 8
            ? System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(request.ConflictToken.Span)
            : 0;
        if (token != 0 && token != state.ConflictToken)
        {
            // As the real server's scheduler: an update made against an older version is dropped, and the call still succeeds.
            Options.OnWarning?.Invoke($"schedule {state.ScheduleId}: update conflicted with a concurrent change and was dropped");
            return new UpdateScheduleResponse();
        }
        state.Schedule = schedule;
        FillScheduleDefaults(state);
        if (request.SearchAttributes is { } attributes)
        {
            state.SearchAttributes = attributes.IndexedFields.Count > 0 ? Typed(ns, attributes) : null;
        }
        state.Info.UpdateTime = Timestamp.FromDateTimeOffset(Now);
        state.ConflictToken++;
        ProcessSchedule(state);
        return new UpdateScheduleResponse();
    });

    public PatchScheduleResponse PatchSchedule(PatchScheduleRequest request) => Step(() =>
    {
        if (request.Patch is null)
        {
            throw RpcErrors.InvalidArgument("Patch is not set on request.");
        }
        var state = RequireSchedule(request.Namespace, request.ScheduleId);
        ApplyPatch(state, request.Patch);
        ProcessSchedule(state);
        return new PatchScheduleResponse();
    });

    public ListScheduleMatchingTimesResponse ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request) => Step(() =>
    {
        var state = RequireSchedule(request.Namespace, request.ScheduleId);
        if (request.StartTime is null || request.EndTime is null)
        {
            throw RpcErrors.InvalidArgument("missing or invalid query");
        }
        var response = new ListScheduleMatchingTimesResponse();
        var end = request.EndTime.ToDateTimeOffset();
        var after = request.StartTime.ToDateTimeOffset();
        // The real server lists at most 1000 times per call.
        for (var i = 0; i < 1000 && state.Spec.Next(after) is { } next && next.Actual <= end; i++)
        {
            response.StartTime.Add(Timestamp.FromDateTimeOffset(next.Actual));
            after = next.Actual;
        }
        return response;
    });

    public DeleteScheduleResponse DeleteSchedule(DeleteScheduleRequest request) => Step(() =>
    {
        var state = RequireSchedule(request.Namespace, request.ScheduleId);
        state.Deleted = true;
        state.WakeAt = null;
        _schedules.Remove((state.Namespace, state.ScheduleId));
        MarkScheduleChanged(state);
        return new DeleteScheduleResponse();
    });

    private void ApplyPatch(ScheduleEntry state, SchedulePatch patch)
    {
        if (patch.TriggerImmediately is { } trigger)
        {
            var at = trigger.ScheduledTime?.ToDateTimeOffset() is { } given && given > DateTimeOffset.UnixEpoch ? given : Now;
            AddScheduledStart(state, new BufferedStart(at, at, trigger.OverlapPolicy, Manual: true));
        }
        foreach (var backfill in patch.BackfillRequest)
        {
            if (state.Backfills.Count >= MaxBufferSize)
            {
                state.Info.BufferDropped++;
                continue;
            }
            var copy = backfill.Clone();
            // The start time is inclusive: a time equal to it is backfilled too.
            copy.StartTime = Timestamp.FromDateTimeOffset((backfill.StartTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch).AddMilliseconds(-1));
            copy.EndTime ??= new Timestamp();
            state.Backfills.Add(copy);
        }
        if (patch.Pause.Length > 0)
        {
            state.Schedule.State.Paused = true;
            state.Schedule.State.Notes = patch.Pause;
            state.ConflictToken++;
        }
        if (patch.Unpause.Length > 0)
        {
            state.Schedule.State.Paused = false;
            state.Schedule.State.Notes = patch.Unpause;
            state.ConflictToken++;
        }
    }

    private ScheduleEntry RequireSchedule(string nsName, string scheduleId)
    {
        var ns = RequireNamespace(nsName).Name;
        if (string.IsNullOrEmpty(scheduleId))
        {
            throw RpcErrors.InvalidArgument("ScheduleId is not set on request.");
        }
        return _schedules.TryGetValue((ns, scheduleId), out var state)
            ? state
            : throw RpcErrors.NotFound($"workflow not found for ID: {ScheduleEntry.ScheduleWorkflowId(scheduleId)}");
    }

    private static ScheduleSpec CanonicalSpec(ScheduleSpec? spec)
    {
        try
        {
            return ScheduleSpecCanonicalizer.Canonicalize(spec);
        }
        catch (ScheduleSpecException e)
        {
            throw RpcErrors.InvalidArgument($"Invalid schedule spec: {e.Message}");
        }
    }

    /// <summary>What the real server checks of the workflow a schedule starts, with its messages.</summary>
    private void ValidateScheduleAction(string ns, Temporalio.Api.Workflow.V1.NewWorkflowExecutionInfo? action)
    {
        if (action is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(action.WorkflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (string.IsNullOrEmpty(action.WorkflowType?.Name))
        {
            throw RpcErrors.InvalidArgument("WorkflowType is not set on request.");
        }
        if (string.IsNullOrEmpty(action.TaskQueue?.Name))
        {
            throw RpcErrors.InvalidArgument("missing task queue name");
        }
        if (!string.IsNullOrEmpty(action.CronSchedule))
        {
            throw RpcErrors.InvalidArgument("Scheduled workflow must not contain CronSchedule");
        }
        if (action.WorkflowIdReusePolicy is not (WorkflowIdReusePolicy.Unspecified or WorkflowIdReusePolicy.AllowDuplicate))
        {
            throw RpcErrors.InvalidArgument("Scheduled workflow must not contain WorkflowIDReusePolicy");
        }
        RequireValidSearchAttributes(ns, action.SearchAttributes);
    }

    /// <summary>Defaults the real server sets eagerly so that describe shows them; also compiles the spec.</summary>
    private static void FillScheduleDefaults(ScheduleEntry state)
    {
        var schedule = state.Schedule;
        schedule.Spec ??= new ScheduleSpec();
        schedule.Action ??= new ScheduleAction();
        schedule.Policies ??= new SchedulePolicies();
        schedule.State ??= new Temporalio.Api.Schedule.V1.ScheduleState();
        schedule.Policies.OverlapPolicy = ResolveOverlapPolicy(state, ScheduleOverlapPolicy.Unspecified);
        schedule.Policies.CatchupWindow = Duration.FromTimeSpan(CatchupWindowOf(schedule.Policies));
        state.Spec = new CompiledScheduleSpec(schedule.Spec, $"{state.Namespace}-{state.ScheduleId}");
    }

    /// <summary>The next action times from where processing stands, as many as remaining actions allow.</summary>
    private static List<Timestamp> FutureActionTimes(ScheduleEntry state, int count)
    {
        if (state.Schedule.State.LimitedActions)
        {
            count = (int)Math.Min(count, Math.Max(state.Schedule.State.RemainingActions, 0));
        }
        var times = new List<Timestamp>();
        var after = state.LastProcessedTime;
        var updated = state.Info.UpdateTime?.ToDateTimeOffset();
        while (times.Count < count && state.Spec.Next(after) is { } next)
        {
            after = next.Nominal;
            if (updated is { } u && u > next.Actual)
            {
                continue;
            }
            times.Add(Timestamp.FromDateTimeOffset(next.Actual));
        }
        return times;
    }

    private static ByteString ConflictTokenBytes(ScheduleEntry state)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, state.ConflictToken);
        return ByteString.CopyFrom(bytes);
    }

    private void MarkScheduleChanged(ScheduleEntry state) => _changedSchedules.Add(state);
}
