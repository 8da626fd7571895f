using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Engine;

/// <summary>Child workflows and the commands that signal or cancel other workflows.</summary>
internal sealed partial class TemporalEngine
{
    private void InitiateChild(ExecutionState parent, StartChildWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? parent.Namespace : a.Namespace;
        var policy = a.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : a.ParentClosePolicy;
        var initiated = NewEvent(EventType.StartChildWorkflowExecutionInitiated);
        initiated.StartChildWorkflowExecutionInitiatedEventAttributes = new()
        {
            Namespace = ns,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType,
            TaskQueue = new() { Name = string.IsNullOrEmpty(a.TaskQueue?.Name) ? parent.TaskQueue : a.TaskQueue.Name },
            Input = a.Input,
            WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
            WorkflowRunTimeout = a.WorkflowRunTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout,
            ParentClosePolicy = policy,
            Control = a.Control,
            WorkflowTaskCompletedEventId = completedId,
            WorkflowIdReusePolicy = a.WorkflowIdReusePolicy,
            RetryPolicy = a.RetryPolicy,
            CronSchedule = a.CronSchedule,
            Header = a.Header,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            Priority = a.Priority,
        };
        var initiatedId = parent.Append(initiated).EventId;
        var child = new ChildInfo
        {
            InitiatedEventId = initiatedId,
            Namespace = ns,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType.Name,
            ParentClosePolicy = policy,
        };
        parent.Children[initiatedId] = child;
        AfterStep(() => StartChild(parent, child, initiated.StartChildWorkflowExecutionInitiatedEventAttributes));
    }

    private void StartChild(ExecutionState parent, ChildInfo child, StartChildWorkflowExecutionInitiatedEventAttributes a)
    {
        if (!parent.IsRunning)
        {
            return;
        }
        var existing = _namespaces.ContainsKey(child.Namespace) ? FindRun(child.Namespace, child.WorkflowId, null) : null;
        var refused = !_namespaces.ContainsKey(child.Namespace) || existing is { IsRunning: true } || ReuseRefused(existing, a.WorkflowIdReusePolicy);
        if (refused)
        {
            parent.Children.Remove(child.InitiatedEventId);
            var failed = NewEvent(EventType.StartChildWorkflowExecutionFailed);
            failed.StartChildWorkflowExecutionFailedEventAttributes = new()
            {
                Namespace = child.Namespace,
                WorkflowId = child.WorkflowId,
                WorkflowType = a.WorkflowType,
                Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                Control = a.Control,
                InitiatedEventId = child.InitiatedEventId,
            };
            AddEvent(parent, failed);
            return;
        }
        var run = CreateRun(new RunStart
        {
            Namespace = child.Namespace,
            WorkflowId = child.WorkflowId,
            WorkflowType = child.WorkflowType,
            TaskQueue = a.TaskQueue.Name,
            RequestId = Guid.NewGuid().ToString(),
            Input = a.Input,
            Header = a.Header,
            ExecutionTimeout = a.WorkflowExecutionTimeout,
            RunTimeout = a.WorkflowRunTimeout,
            TaskTimeout = a.WorkflowTaskTimeout,
            RetryPolicy = a.RetryPolicy,
            CronSchedule = a.CronSchedule,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            Parent = new ParentLink(parent.Namespace, parent.WorkflowId, parent.RunId, child.InitiatedEventId),
            // The child inherits the parent's priority, field by field, where the command leaves it unset.
            Priority = MergePriority(WorkflowPriority(parent), a.Priority),
            UserMetadata = parent.History[(int)child.InitiatedEventId - 1].UserMetadata,
        });
        child.RunId = run.RunId;
        var started = NewEvent(EventType.ChildWorkflowExecutionStarted);
        started.ChildWorkflowExecutionStartedEventAttributes = new()
        {
            Namespace = child.Namespace,
            InitiatedEventId = child.InitiatedEventId,
            WorkflowExecution = run.Execution,
            WorkflowType = a.WorkflowType,
            Header = a.Header,
        };
        var buffering = parent.WorkflowTask is { IsStarted: true };
        child.StartedEventId = buffering ? Unassigned : parent.NextEventId;
        AddEvent(parent, started);
    }

    private static bool ReuseRefused(ExecutionState? last, WorkflowIdReusePolicy policy)
    {
        if (last is null)
        {
            return false;
        }
        try
        {
            CheckReusePolicy(last, policy);
            return false;
        }
        catch (global::Grpc.Core.RpcException)
        {
            return true;
        }
    }

    /// <summary>Tells a parent that its child's chain of runs has closed.</summary>
    private void NotifyParentOfClose(ExecutionState child, HistoryEvent closeEvent)
    {
        if (child.Parent is not { } link || FindRun(link.Namespace, link.WorkflowId, link.RunId) is not { IsRunning: true } parent
            || !parent.Children.Remove(link.InitiatedEventId, out var info))
        {
            return;
        }
        var execution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = info.RunId };
        var type = new WorkflowType { Name = info.WorkflowType };
        var notice = closeEvent.EventType switch
        {
            EventType.WorkflowExecutionCompleted => ChildEvent(EventType.ChildWorkflowExecutionCompleted, e =>
                e.ChildWorkflowExecutionCompletedEventAttributes = new()
                {
                    Namespace = info.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = info.InitiatedEventId,
                    StartedEventId = info.StartedEventId,
                    Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                }),
            EventType.WorkflowExecutionFailed => ChildEvent(EventType.ChildWorkflowExecutionFailed, e =>
                e.ChildWorkflowExecutionFailedEventAttributes = new()
                {
                    Namespace = info.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = info.InitiatedEventId,
                    StartedEventId = info.StartedEventId,
                    Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                }),
            EventType.WorkflowExecutionCanceled => ChildEvent(EventType.ChildWorkflowExecutionCanceled, e =>
                e.ChildWorkflowExecutionCanceledEventAttributes = new()
                {
                    Namespace = info.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = info.InitiatedEventId,
                    StartedEventId = info.StartedEventId,
                    Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                }),
            EventType.WorkflowExecutionTimedOut => ChildEvent(EventType.ChildWorkflowExecutionTimedOut, e =>
                e.ChildWorkflowExecutionTimedOutEventAttributes = new()
                {
                    Namespace = info.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = info.InitiatedEventId,
                    StartedEventId = info.StartedEventId,
                    RetryState = closeEvent.WorkflowExecutionTimedOutEventAttributes.RetryState,
                }),
            _ => ChildEvent(EventType.ChildWorkflowExecutionTerminated, e =>
                e.ChildWorkflowExecutionTerminatedEventAttributes = new()
                {
                    Namespace = info.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = info.InitiatedEventId,
                    StartedEventId = info.StartedEventId,
                }),
        };
        AddEvent(parent, notice);
    }

    private HistoryEvent ChildEvent(EventType type, Action<HistoryEvent> fill)
    {
        var e = NewEvent(type);
        fill(e);
        return e;
    }

    /// <summary>A closing parent applies each open child's parent close policy.</summary>
    private void ApplyParentClosePolicies(ExecutionState parent)
    {
        foreach (var child in parent.Children.Values.ToList())
        {
            if (child.RunId is null || FindRun(child.Namespace, child.WorkflowId, null) is not { IsRunning: true } run)
            {
                continue;
            }
            switch (child.ParentClosePolicy)
            {
                case ParentClosePolicy.Terminate:
                    AfterStep(() => Terminate(run, "by parent close policy", null, "history-service"));
                    break;
                case ParentClosePolicy.RequestCancel:
                    AfterStep(() => RequestCancel(run, "by parent close policy", "history-service", null));
                    break;
            }
        }
        parent.Children.Clear();
    }

    private void InitiateExternalSignal(ExecutionState source, SignalExternalWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? source.Namespace : a.Namespace;
        var initiated = NewEvent(EventType.SignalExternalWorkflowExecutionInitiated);
        initiated.SignalExternalWorkflowExecutionInitiatedEventAttributes = new()
        {
            Namespace = ns,
            WorkflowExecution = a.Execution,
            SignalName = a.SignalName,
            Input = a.Input,
            Control = a.Control,
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Header = a.Header,
            WorkflowTaskCompletedEventId = completedId,
        };
        var initiatedId = source.Append(initiated).EventId;
        AfterStep(() =>
        {
            var target = FindTarget(source, ns, a.Execution, a.ChildWorkflowOnly);
            HistoryEvent result;
            if (target is null)
            {
                result = NewEvent(EventType.SignalExternalWorkflowExecutionFailed);
                result.SignalExternalWorkflowExecutionFailedEventAttributes = new()
                {
                    Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    Namespace = ns,
                    WorkflowExecution = a.Execution,
                    InitiatedEventId = initiatedId,
                    Control = a.Control,
                };
            }
            else
            {
                AddEvent(target, SignaledEvent(a.SignalName, a.Input, source.WorkflowId, a.Header));
                result = NewEvent(EventType.ExternalWorkflowExecutionSignaled);
                result.ExternalWorkflowExecutionSignaledEventAttributes = new()
                {
                    InitiatedEventId = initiatedId,
                    Namespace = ns,
                    WorkflowExecution = a.Execution,
                    Control = a.Control,
                };
            }
            AddEvent(source, result);
        });
    }

    private void InitiateExternalCancel(ExecutionState source, RequestCancelExternalWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? source.Namespace : a.Namespace;
        var execution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = a.RunId };
        var initiated = NewEvent(EventType.RequestCancelExternalWorkflowExecutionInitiated);
        initiated.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new()
        {
            Namespace = ns,
            WorkflowExecution = execution,
            Control = a.Control,
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Reason = a.Reason,
            WorkflowTaskCompletedEventId = completedId,
        };
        var initiatedId = source.Append(initiated).EventId;
        AfterStep(() =>
        {
            var target = FindTarget(source, ns, execution, a.ChildWorkflowOnly);
            HistoryEvent result;
            if (target is null)
            {
                result = NewEvent(EventType.RequestCancelExternalWorkflowExecutionFailed);
                result.RequestCancelExternalWorkflowExecutionFailedEventAttributes = new()
                {
                    Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    Namespace = ns,
                    WorkflowExecution = execution,
                    InitiatedEventId = initiatedId,
                    Control = a.Control,
                };
            }
            else
            {
                RequestCancel(target, a.Reason, source.WorkflowId, (source, initiatedId));
                result = NewEvent(EventType.ExternalWorkflowExecutionCancelRequested);
                result.ExternalWorkflowExecutionCancelRequestedEventAttributes = new()
                {
                    InitiatedEventId = initiatedId,
                    Namespace = ns,
                    WorkflowExecution = execution,
                };
            }
            AddEvent(source, result);
        });
    }

    private ExecutionState? FindTarget(ExecutionState source, string ns, WorkflowExecution? execution, bool childOnly)
    {
        if (execution is null || !_namespaces.ContainsKey(ns) || FindRun(ns, execution.WorkflowId, execution.RunId) is not { IsRunning: true } target)
        {
            return null;
        }
        var isChild = target.Parent is { } p && p.WorkflowId == source.WorkflowId && p.Namespace == source.Namespace;
        return childOnly && !isChild ? null : target;
    }
}
