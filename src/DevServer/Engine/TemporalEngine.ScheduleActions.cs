using Grpc.Core;
using Release.DevServer.Engine.Schedules;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// What a schedule does over time, as the real server's scheduler workflow does on each wake-up:
/// turn the spec's times since the last wake-up into starts (or count them as missed past the
/// catchup window), expand backfills, apply the overlap policy to the buffered starts, start
/// workflows, then sleep until the next action time. A run it started waking it when it closes
/// takes the place of the real server's watcher activity.
/// </summary>
internal sealed partial class TemporalEngine
{
    private static readonly TimeSpan DefaultCatchupWindow = TimeSpan.FromDays(365);
    private static readonly TimeSpan MinCatchupWindow = TimeSpan.FromSeconds(10);
    private const int RecentActionCount = 10;
    private const int MaxBufferSize = 1000;

    /// <summary>Catches up with the clock, starts what may start, and arms the next wake-up.</summary>
    private void ProcessSchedule(ScheduleEntry schedule)
    {
        if (schedule.Deleted)
        {
            return;
        }
        var now = Now;
        ProcessTimeRange(schedule, schedule.LastProcessedTime, now);
        ProcessBackfills(schedule);
        while (ProcessBuffer(schedule))
        {
        }
        MarkScheduleChanged(schedule);
        ArmScheduleTimer(schedule, now);
    }

    /// <summary>Buffers the actions due in (start, end]; returns nothing, but moves the processed time on.</summary>
    private void ProcessTimeRange(ScheduleEntry schedule, DateTimeOffset start, DateTimeOffset end)
    {
        if (!CanTakeScheduledAction(schedule, manual: false, decrement: false))
        {
            // Time spent paused or out of actions is never made up for, nor counted as missed.
            schedule.LastProcessedTime = end;
            return;
        }
        var catchupWindow = CatchupWindowOf(schedule.Schedule.Policies);
        var processed = start;
        for (var next = schedule.Spec.Next(start); next is { } n && n.Actual <= end; next = schedule.Spec.Next(n.Nominal))
        {
            processed = n.Actual;
            if (schedule.Info.UpdateTime is { } updated && updated.ToDateTimeOffset() > n.Actual)
            {
                // Times before the last update belong to the old spec.
                continue;
            }
            if (end - n.Actual > catchupWindow)
            {
                schedule.Info.MissedCatchupWindow++;
                continue;
            }
            AddScheduledStart(schedule, new BufferedStart(n.Nominal, n.Actual, ScheduleOverlapPolicy.Unspecified, Manual: false));
        }
        schedule.LastProcessedTime = processed > end ? end : processed;
        if (schedule.LastProcessedTime < start)
        {
            schedule.LastProcessedTime = start;
        }
    }

    private static void AddScheduledStart(ScheduleEntry schedule, BufferedStart start)
    {
        if (schedule.Buffer.Count >= MaxBufferSize)
        {
            schedule.Info.BufferDropped++;
            return;
        }
        schedule.Buffer.Add(start);
    }

    /// <summary>Expands backfills into starts, a bounded number per wake-up, as the real server does (it takes ten).</summary>
    private void ProcessBackfills(ScheduleEntry schedule)
    {
        var limit = 100;
        while (schedule.Backfills.Count > 0 && limit > 0 && schedule.Buffer.Count < MaxBufferSize / 2)
        {
            var backfill = schedule.Backfills[0];
            var end = backfill.EndTime.ToDateTimeOffset();
            var from = backfill.StartTime.ToDateTimeOffset();
            DateTimeOffset? resumeAt = null;
            for (var next = schedule.Spec.Next(from); next is { } n && n.Actual <= end; next = schedule.Spec.Next(n.Nominal))
            {
                if (limit-- <= 0)
                {
                    resumeAt = n.Nominal.AddMilliseconds(-1);
                    break;
                }
                AddScheduledStart(schedule, new BufferedStart(n.Nominal, n.Actual, backfill.OverlapPolicy, Manual: true));
            }
            if (resumeAt is { } resume)
            {
                backfill.StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(resume);
            }
            else
            {
                schedule.Backfills.RemoveAt(0);
            }
        }
    }

    /// <summary>Applies the overlap policy and starts what may start; true if it should run again at once.</summary>
    private bool ProcessBuffer(ScheduleEntry schedule)
    {
        RefreshRunningWorkflows(schedule);
        var action = schedule.Schedule.Action?.StartWorkflow;
        if (action is null || schedule.Buffer.Count == 0)
        {
            schedule.Buffer.Clear();
            return false;
        }
        var decision = OverlapDecision.Decide(schedule.Buffer, schedule.Info.RunningWorkflows.Count > 0, p => ResolveOverlapPolicy(schedule, p));
        schedule.Buffer.Clear();
        schedule.Buffer.AddRange(decision.KeepWaiting);
        schedule.Info.OverlapSkipped += decision.Skipped;
        var tryAgain = false;
        var starts = decision.AllowAll.Select(s => (Start: s, Tracked: false)).ToList();
        if (decision.NonOverlapping is { } single)
        {
            starts.Add((single, true));
        }
        foreach (var (start, tracked) in starts)
        {
            if (!CanTakeScheduledAction(schedule, start.Manual, decrement: true))
            {
                tryAgain = true;
                continue;
            }
            if (StartScheduledWorkflow(schedule, start, action) is not { } result)
            {
                tryAgain = true;
                continue;
            }
            schedule.Info.ActionCount++;
            schedule.Info.RecentActions.Add(result);
            while (schedule.Info.RecentActions.Count > RecentActionCount)
            {
                schedule.Info.RecentActions.RemoveAt(0);
            }
            if (tracked)
            {
                schedule.Info.RunningWorkflows.Add(result.StartWorkflowResult.Clone());
            }
        }
        if (decision.TerminateRunning || decision.CancelRunning)
        {
            foreach (var execution in schedule.Info.RunningWorkflows.ToList())
            {
                if (FindRun(schedule.Namespace, execution.WorkflowId, null) is { IsRunning: true } run)
                {
                    if (decision.TerminateRunning)
                    {
                        Terminate(run, "terminated by schedule overlap policy", null, ScheduleIdentity(schedule));
                    }
                    else
                    {
                        RequestCancel(run, "cancelled by schedule overlap policy", ScheduleIdentity(schedule), null);
                    }
                }
            }
        }
        return tryAgain && schedule.Buffer.Count > 0;
    }

    /// <summary>Starts one action's workflow; null when the start is refused (the real server logs it and drops the start).</summary>
    private ScheduleActionResult? StartScheduledWorkflow(ScheduleEntry schedule, BufferedStart start, Temporalio.Api.Workflow.V1.NewWorkflowExecutionInfo action)
    {
        var nominal = DateTimeOffset.FromUnixTimeSeconds(start.Nominal.ToUnixTimeSeconds());
        // The real server always appends the nominal time, to the second, in RFC 3339.
        var workflowId = $"{action.WorkflowId}-{nominal.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        var attributes = action.SearchAttributes?.Clone() ?? new SearchAttributes();
        attributes.IndexedFields["TemporalScheduledStartTime"] = Visibility.SearchAttributeValues.WithType(
            Temporalio.Converters.DataConverter.Default.PayloadConverter.ToPayload(nominal.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
            IndexedValueType.Datetime);
        attributes.IndexedFields["TemporalScheduledById"] = Visibility.SearchAttributeValues.Keyword(schedule.ScheduleId);
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = schedule.Namespace,
            WorkflowId = workflowId,
            WorkflowType = action.WorkflowType,
            TaskQueue = action.TaskQueue,
            Input = action.Input,
            WorkflowExecutionTimeout = action.WorkflowExecutionTimeout,
            WorkflowRunTimeout = action.WorkflowRunTimeout,
            WorkflowTaskTimeout = action.WorkflowTaskTimeout,
            Identity = ScheduleIdentity(schedule),
            RequestId = Guid.NewGuid().ToString(),
            RetryPolicy = action.RetryPolicy,
            Memo = action.Memo,
            SearchAttributes = attributes,
            Header = action.Header,
            UserMetadata = action.UserMetadata,
        };
        var allowAll = ResolveOverlapPolicy(schedule, start.OverlapPolicy) == ScheduleOverlapPolicy.AllowAll;
        try
        {
            var runStart = StartFromRequest(schedule.Namespace, request) with
            {
                LastCompletionResult = allowAll ? null : schedule.LastCompletionResult,
                ContinuedFailure = allowAll ? null : schedule.ContinuedFailure,
            };
            // Manual starts may repeat a nominal time that already ran; scheduled ones must not.
            var reuse = start.Manual ? WorkflowIdReusePolicy.AllowDuplicate : WorkflowIdReusePolicy.RejectDuplicate;
            var (run, _) = StartOrReuse(runStart, reuse, WorkflowIdConflictPolicy.Fail);
            return new ScheduleActionResult
            {
                ScheduleTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.Actual),
                ActualTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(run.StartTime),
                StartWorkflowResult = new WorkflowExecution { WorkflowId = workflowId, RunId = run.RunId },
                StartWorkflowStatus = WorkflowExecutionStatus.Running,
            };
        }
        catch (RpcException e)
        {
            Options.OnWarning?.Invoke($"schedule {schedule.ScheduleId}: start of {workflowId} failed: {e.Status.Detail}");
            return null;
        }
    }

    /// <summary>Drops from the running list the workflows that closed, noting their final status.</summary>
    private void RefreshRunningWorkflows(ScheduleEntry schedule)
    {
        foreach (var execution in schedule.Info.RunningWorkflows.ToList())
        {
            var current = FindRun(schedule.Namespace, execution.WorkflowId, null);
            if (current is { IsRunning: true } && current.FirstRunId == execution.RunId)
            {
                continue;
            }
            schedule.Info.RunningWorkflows.Remove(execution);
            if (current is null || current.FirstRunId != execution.RunId)
            {
                continue;
            }
            foreach (var recent in schedule.Info.RecentActions.Where(a => a.StartWorkflowResult?.WorkflowId == execution.WorkflowId))
            {
                recent.StartWorkflowStatus = current.Status;
            }
            ApplyCloseToSchedule(schedule, current);
        }
    }

    /// <summary>Pause on failure, and the last result or failure handed to the next run.</summary>
    private static void ApplyCloseToSchedule(ScheduleEntry schedule, ExecutionState closed)
    {
        var closeEvent = closed.History[^1];
        var failed = closed.Status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.TimedOut;
        if (failed && schedule.Schedule.Policies.PauseOnFailure && !schedule.Schedule.State.Paused)
        {
            schedule.Schedule.State.Paused = true;
            schedule.Schedule.State.Notes = closed.Status == WorkflowExecutionStatus.Failed
                ? $"paused due to workflow failure: {closed.WorkflowId}: {closeEvent.WorkflowExecutionFailedEventAttributes?.Failure?.Message}"
                : $"paused due to workflow timeout: {closed.WorkflowId}";
            schedule.ConflictToken++;
        }
        if (closeEvent.WorkflowExecutionCompletedEventAttributes is { } completed)
        {
            schedule.LastCompletionResult = completed.Result;
            schedule.ContinuedFailure = null;
        }
        else if (closeEvent.WorkflowExecutionFailedEventAttributes is { } failure)
        {
            schedule.ContinuedFailure = failure.Failure;
        }
    }

    /// <summary>Called when any run closes: a schedule that started its chain wakes up to start what waited.</summary>
    private void NotifyScheduleOfClose(ExecutionState run)
    {
        if (_schedules.Count == 0 || run.SearchAttributes?.IndexedFields.GetValueOrDefault("TemporalScheduledById") is not { } byId)
        {
            return;
        }
        var scheduleId = Visibility.SearchAttributeValues.Decode(byId, IndexedValueType.Keyword) as string;
        if (scheduleId is null || !_schedules.TryGetValue((run.Namespace, scheduleId), out var schedule))
        {
            return;
        }
        // After the step: a retry or continue-as-new that follows the close keeps the chain running.
        AfterStep(() =>
        {
            if (schedule.Info.RunningWorkflows.Any(w => w.WorkflowId == run.WorkflowId))
            {
                ProcessSchedule(schedule);
            }
        });
    }

    private void ArmScheduleTimer(ScheduleEntry schedule, DateTimeOffset now)
    {
        DateTimeOffset? wake = null;
        if (CanTakeScheduledAction(schedule, manual: false, decrement: false) && schedule.Spec.Next(schedule.LastProcessedTime) is { } next)
        {
            wake = next.Actual;
        }
        if (schedule.Backfills.Count > 0)
        {
            // More backfill to expand: come back in a second, as the real server's loop does.
            var soon = now.AddSeconds(1);
            wake = wake is { } w && w < soon ? w : soon;
        }
        if (wake == schedule.WakeAt)
        {
            return;
        }
        schedule.WakeAt = wake;
        if (wake is { } due)
        {
            At(due, () =>
            {
                if (schedule.WakeAt == due && !schedule.Deleted)
                {
                    schedule.WakeAt = null;
                    ProcessSchedule(schedule);
                }
            });
        }
    }

    private static bool CanTakeScheduledAction(ScheduleEntry schedule, bool manual, bool decrement)
    {
        var state = schedule.Schedule.State;
        if (manual)
        {
            return true;
        }
        if (state.Paused)
        {
            return false;
        }
        if (!state.LimitedActions)
        {
            return true;
        }
        if (state.RemainingActions <= 0)
        {
            return false;
        }
        if (decrement)
        {
            state.RemainingActions--;
            schedule.ConflictToken++;
        }
        return true;
    }

    private static ScheduleOverlapPolicy ResolveOverlapPolicy(ScheduleEntry schedule, ScheduleOverlapPolicy policy)
    {
        if (policy == ScheduleOverlapPolicy.Unspecified)
        {
            policy = schedule.Schedule.Policies.OverlapPolicy;
        }
        return policy == ScheduleOverlapPolicy.Unspecified ? ScheduleOverlapPolicy.Skip : policy;
    }

    private static TimeSpan CatchupWindowOf(SchedulePolicies policies) => policies.CatchupWindow switch
    {
        null => DefaultCatchupWindow,
        var window when window.ToTimeSpan() < MinCatchupWindow => MinCatchupWindow,
        var window => window.ToTimeSpan(),
    };

    private static string ScheduleIdentity(ScheduleEntry schedule) => $"temporal-scheduler-{schedule.Namespace}-{schedule.ScheduleId}";
}
