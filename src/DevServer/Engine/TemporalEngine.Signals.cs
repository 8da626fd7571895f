using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>Client calls that act on a running workflow from outside: signal, cancel, terminate.</summary>
internal sealed partial class TemporalEngine
{
    public void SignalWorkflowExecution(SignalWorkflowExecutionRequest request) => Step(() =>
    {
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw Grpc.RpcErrors.InvalidArgument("SignalName is not set on request.");
        }
        var run = RequireRunningRun(request.Namespace, request.WorkflowExecution);
        if (IsDuplicateRequest(run, request.RequestId))
        {
            return;
        }
        AddEvent(run, SignaledEvent(request.SignalName, request.Input, request.Identity, request.Header));
    });

    public void RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request) => Step(() =>
    {
        // As the real server: cancelling a run that already closed succeeds and changes nothing
        // (a missing workflow is still NotFound).
        var run = RequireRun(request.Namespace, request.WorkflowExecution);
        if (run.IsRunning && !IsDuplicateRequest(run, request.RequestId))
        {
            RequestCancel(run, request.Reason, request.Identity, null);
        }
    });

    public void TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request) => Step(() =>
    {
        var run = RequireRunningRun(request.Namespace, request.WorkflowExecution);
        Terminate(run, request.Reason, request.Details, request.Identity);
    });

    private static bool IsDuplicateRequest(ExecutionState run, string requestId) =>
        !string.IsNullOrEmpty(requestId) && !run.SeenRequestIds.Add(requestId);

    private void RequestCancel(ExecutionState run, string reason, string identity, (ExecutionState Source, long InitiatedEventId)? external)
    {
        if (!run.IsRunning || run.CancelRequested)
        {
            return;
        }
        run.CancelRequested = true;
        var requested = NewEvent(EventType.WorkflowExecutionCancelRequested);
        requested.WorkflowExecutionCancelRequestedEventAttributes = new() { Cause = reason, Identity = identity };
        if (external is { } e)
        {
            requested.WorkflowExecutionCancelRequestedEventAttributes.ExternalInitiatedEventId = e.InitiatedEventId;
            requested.WorkflowExecutionCancelRequestedEventAttributes.ExternalWorkflowExecution =
                new WorkflowExecution { WorkflowId = e.Source.WorkflowId, RunId = e.Source.RunId };
        }
        AddEvent(run, requested);
    }
}
