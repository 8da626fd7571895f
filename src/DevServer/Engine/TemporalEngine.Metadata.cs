using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// User metadata (summary and details) and the root workflow, kept where the real server keeps them:
/// on history events (<c>HistoryEvent.user_metadata</c>, the started event's <c>root_workflow_execution</c>).
/// History is persisted as it is, so both survive a restart with no state of their own.
/// </summary>
internal sealed partial class TemporalEngine
{
    /// <summary>The event a command writes first, for the commands whose metadata the real server records.</summary>
    private static readonly Dictionary<CommandType, EventType> MetadataEvents = new()
    {
        [CommandType.ScheduleActivityTask] = EventType.ActivityTaskScheduled,
        [CommandType.StartTimer] = EventType.TimerStarted,
        [CommandType.StartChildWorkflowExecution] = EventType.StartChildWorkflowExecutionInitiated,
    };

    /// <summary>Copies a command's summary and details onto the event it wrote (a child's start reads them from there).</summary>
    private static void RecordCommandMetadata(ExecutionState run, Command command, long firstEventId)
    {
        if (command.UserMetadata is null || !MetadataEvents.TryGetValue(command.CommandType, out var eventType)
            || firstEventId > run.History.Count)
        {
            return;
        }
        var written = run.History[(int)firstEventId - 1];
        if (written.EventType == eventType)
        {
            written.UserMetadata = command.UserMetadata;
        }
    }

    /// <summary>
    /// The started event carries the run's metadata and, for a child, its root: the parent's root, fixed
    /// at start so it stays known after the parent's run is deleted (a workflow without a parent is its
    /// own root, and the real server leaves the field empty for it, so the SDK's <c>Info.Root</c> is null).
    /// </summary>
    private void RecordStartMetadata(HistoryEvent started, RunStart start)
    {
        started.UserMetadata = start.UserMetadata;
        if (start.Parent is { } parent)
        {
            var parentKey = new ExecutionKey(parent.Namespace, parent.WorkflowId, parent.RunId);
            var root = _runs.TryGetValue(parentKey, out var parentRun) ? RootOf(parentRun) : parentKey;
            started.WorkflowExecutionStartedEventAttributes.RootWorkflowExecution = new() { WorkflowId = root.WorkflowId, RunId = root.RunId };
        }
    }

    private static UserMetadata? StartMetadata(ExecutionState run) => run.History.Count > 0 ? run.History[0].UserMetadata : null;

    private static ExecutionKey? RecordedRoot(ExecutionState run) =>
        run.History.Count > 0 && run.History[0].WorkflowExecutionStartedEventAttributes?.RootWorkflowExecution is { } root
            ? new ExecutionKey(run.Namespace, root.WorkflowId, root.RunId)
            : null;
}
