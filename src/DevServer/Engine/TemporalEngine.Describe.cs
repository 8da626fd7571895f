using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>DescribeWorkflowExecution: status, pending activities and children, the pending task.</summary>
internal sealed partial class TemporalEngine
{
    public DescribeWorkflowExecutionResponse DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request) => Step(() =>
    {
        var run = RequireRun(request.Namespace, request.Execution);
        var response = new DescribeWorkflowExecutionResponse
        {
            ExecutionConfig = new()
            {
                TaskQueue = new() { Name = run.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
                WorkflowExecutionTimeout = ToDuration(run.ExecutionTimeout),
                WorkflowRunTimeout = ToDuration(run.RunTimeout),
                DefaultWorkflowTaskTimeout = Duration.FromTimeSpan(run.WorkflowTaskTimeout),
                UserMetadata = StartMetadata(run),
            },
            WorkflowExecutionInfo = ExecutionInfo(run),
            WorkflowExtendedInfo = ResetInfo(run),
        };
        response.WorkflowExecutionInfo.AutoResetPoints = AutoResetPoints(run);
        foreach (var activity in run.Activities.Values)
        {
            response.PendingActivities.Add(PendingActivity(activity));
        }
        foreach (var child in run.Children.Values)
        {
            response.PendingChildren.Add(new PendingChildExecutionInfo
            {
                WorkflowId = child.WorkflowId,
                RunId = child.RunId ?? "",
                WorkflowTypeName = child.WorkflowType,
                InitiatedId = child.InitiatedEventId,
                ParentClosePolicy = child.ParentClosePolicy,
            });
        }
        if (run.WorkflowTask is { } task)
        {
            response.PendingWorkflowTask = new PendingWorkflowTaskInfo
            {
                State = task.IsStarted ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                ScheduledTime = Timestamp.FromDateTimeOffset(task.ScheduledTime),
                StartedTime = task.IsStarted ? Timestamp.FromDateTimeOffset(task.StartedTime) : null,
                Attempt = task.Attempt,
            };
        }
        return response;
    });

    private WorkflowExecutionInfo ExecutionInfo(ExecutionState run)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = run.Execution,
            Type = new() { Name = run.WorkflowType },
            StartTime = Timestamp.FromDateTimeOffset(run.StartTime),
            CloseTime = run.CloseTime is { } c ? Timestamp.FromDateTimeOffset(c) : null,
            Status = run.Status,
            HistoryLength = run.History.Count,
            HistorySizeBytes = run.HistorySizeBytes,
            ExecutionTime = Timestamp.FromDateTimeOffset(run.ExecutionTime),
            Memo = run.Memo,
            SearchAttributes = run.SearchAttributes,
            TaskQueue = run.TaskQueue,
            StateTransitionCount = run.History.Count,
            FirstRunId = run.FirstRunId,
            Priority = WorkflowPriority(run),
            ExecutionDuration = run.CloseTime is { } closed ? Duration.FromTimeSpan(closed > run.ExecutionTime ? closed - run.ExecutionTime : TimeSpan.Zero) : null,
        };
        if (run.Parent is { } parent)
        {
            info.ParentNamespaceId = _namespaces[parent.Namespace].Id;
            info.ParentExecution = new() { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
        }
        var root = RootOf(run);
        info.RootExecution = new() { WorkflowId = root.WorkflowId, RunId = root.RunId };
        return info;
    }
}
