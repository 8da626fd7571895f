using Grpc.Core;
using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Grpc;

/// <summary>
/// The WorkflowService RPCs this server implements, one public method per RPC (bound by name in
/// <see cref="WorkflowServiceBinder"/>). Each is a thin translation onto the engine.
/// </summary>
internal sealed partial class WorkflowServiceApi(TemporalEngine engine, ILogger<WorkflowServiceApi> logger) : IRpcApi<WorkflowServiceApi>
{
    public Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string name, TRequest request, ServerCallContext context, Func<WorkflowServiceApi, TRequest, ServerCallContext, Task<TResponse>> call) =>
        RpcGuard.InvokeAsync(logger, name, context, () =>
        {
            RequestLimits.Check(request, engine, logger);
            return call(this, request, context);
        });

    public Task<GetSystemInfoResponse> GetSystemInfo(GetSystemInfoRequest request, ServerCallContext context) =>
        Task.FromResult(TemporalEngine.GetSystemInfo());

    public Task<GetClusterInfoResponse> GetClusterInfo(GetClusterInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetClusterInfoResponse
        {
            ClusterName = "active",
            ServerVersion = TemporalEngine.ServerVersion,
            HistoryShardCount = 1,
            PersistenceStore = engine.Options.Store is null ? "memory" : "sqlite",
            VisibilityStore = engine.Options.Store is null ? "memory" : "sqlite",
        });

    public Task<DescribeNamespaceResponse> DescribeNamespace(DescribeNamespaceRequest request, ServerCallContext context) =>
        Task.FromResult(engine.DescribeNamespace(request));

    public Task<ListNamespacesResponse> ListNamespaces(ListNamespacesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListNamespaces());

    public Task<RegisterNamespaceResponse> RegisterNamespace(RegisterNamespaceRequest request, ServerCallContext context)
    {
        engine.RegisterNamespace(request);
        return Task.FromResult(new RegisterNamespaceResponse());
    }

    public Task<StartWorkflowExecutionResponse> StartWorkflowExecution(StartWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.StartWorkflowExecution(request));

    public Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecution(
        SignalWithStartWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.SignalWithStartWorkflowExecution(request));

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueue(PollWorkflowTaskQueueRequest request, ServerCallContext context) =>
        engine.PollWorkflowTaskQueueAsync(request, context.CancellationToken);

    public Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompleted(
        RespondWorkflowTaskCompletedRequest request, ServerCallContext context) =>
        Task.FromResult(engine.RespondWorkflowTaskCompleted(request));

    public Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest request, ServerCallContext context) =>
        Task.FromResult(engine.RespondWorkflowTaskFailed(request));

    public Task<PollActivityTaskQueueResponse> PollActivityTaskQueue(PollActivityTaskQueueRequest request, ServerCallContext context) =>
        engine.PollActivityTaskQueueAsync(request, context.CancellationToken);

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeat(
        RecordActivityTaskHeartbeatRequest request, ServerCallContext context) =>
        Task.FromResult(engine.RecordActivityTaskHeartbeat(request.TaskToken, request.Details));

    public Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatById(
        RecordActivityTaskHeartbeatByIdRequest request, ServerCallContext context)
    {
        var token = engine.TokenForActivity(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        var response = engine.RecordActivityTaskHeartbeat(token, request.Details);
        return Task.FromResult(new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = response.CancelRequested });
    }

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompleted(
        RespondActivityTaskCompletedRequest request, ServerCallContext context)
    {
        engine.CompleteActivity(request.TaskToken, request.Result, request.Identity);
        return Task.FromResult(new RespondActivityTaskCompletedResponse());
    }

    public Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedById(
        RespondActivityTaskCompletedByIdRequest request, ServerCallContext context)
    {
        var token = engine.TokenForActivity(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        engine.CompleteActivity(token, request.Result, request.Identity);
        return Task.FromResult(new RespondActivityTaskCompletedByIdResponse());
    }

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailed(RespondActivityTaskFailedRequest request, ServerCallContext context)
    {
        engine.FailActivity(request.TaskToken, request.Failure, request.LastHeartbeatDetails, request.Identity);
        return Task.FromResult(new RespondActivityTaskFailedResponse());
    }

    public Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedById(
        RespondActivityTaskFailedByIdRequest request, ServerCallContext context)
    {
        var token = engine.TokenForActivity(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        engine.FailActivity(token, request.Failure, request.LastHeartbeatDetails, request.Identity);
        return Task.FromResult(new RespondActivityTaskFailedByIdResponse());
    }

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceled(
        RespondActivityTaskCanceledRequest request, ServerCallContext context)
    {
        engine.CancelActivity(request.TaskToken, request.Details, request.Identity);
        return Task.FromResult(new RespondActivityTaskCanceledResponse());
    }

    public Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledById(
        RespondActivityTaskCanceledByIdRequest request, ServerCallContext context)
    {
        var token = engine.TokenForActivity(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        engine.CancelActivity(token, request.Details, request.Identity);
        return Task.FromResult(new RespondActivityTaskCanceledByIdResponse());
    }

    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecution(SignalWorkflowExecutionRequest request, ServerCallContext context)
    {
        engine.SignalWorkflowExecution(request);
        return Task.FromResult(new SignalWorkflowExecutionResponse());
    }

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecution(
        RequestCancelWorkflowExecutionRequest request, ServerCallContext context)
    {
        engine.RequestCancelWorkflowExecution(request);
        return Task.FromResult(new RequestCancelWorkflowExecutionResponse());
    }

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecution(
        TerminateWorkflowExecutionRequest request, ServerCallContext context)
    {
        engine.TerminateWorkflowExecution(request);
        return Task.FromResult(new TerminateWorkflowExecutionResponse());
    }

    public Task<QueryWorkflowResponse> QueryWorkflow(QueryWorkflowRequest request, ServerCallContext context) =>
        engine.QueryWorkflowAsync(request, context.CancellationToken);

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompleted(
        RespondQueryTaskCompletedRequest request, ServerCallContext context)
    {
        engine.RespondQueryTaskCompleted(request);
        return Task.FromResult(new RespondQueryTaskCompletedResponse());
    }

    public Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecution(UpdateWorkflowExecutionRequest request, ServerCallContext context) =>
        engine.UpdateWorkflowExecutionAsync(request, context.CancellationToken);

    public Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdate(
        PollWorkflowExecutionUpdateRequest request, ServerCallContext context) =>
        engine.PollWorkflowExecutionUpdateAsync(request, context.CancellationToken);

    public Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest request, ServerCallContext context) =>
        engine.GetWorkflowExecutionHistoryAsync(request, context.CancellationToken);

    public Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecution(
        DescribeWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.DescribeWorkflowExecution(request));

    public Task<ListWorkflowExecutionsResponse> ListWorkflowExecutions(ListWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListWorkflowExecutions(request));

    public Task<ScanWorkflowExecutionsResponse> ScanWorkflowExecutions(ScanWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ScanWorkflowExecutions(request));

    public Task<CountWorkflowExecutionsResponse> CountWorkflowExecutions(CountWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.CountWorkflowExecutions(request));

    public Task<ListOpenWorkflowExecutionsResponse> ListOpenWorkflowExecutions(
        ListOpenWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListOpenWorkflowExecutions(request));

    public Task<ListClosedWorkflowExecutionsResponse> ListClosedWorkflowExecutions(
        ListClosedWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListClosedWorkflowExecutions(request));

    public Task<GetSearchAttributesResponse> GetSearchAttributes(GetSearchAttributesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.GetSearchAttributes());

    public Task<DeleteWorkflowExecutionResponse> DeleteWorkflowExecution(DeleteWorkflowExecutionRequest request, ServerCallContext context)
    {
        engine.DeleteWorkflowExecution(request);
        return Task.FromResult(new DeleteWorkflowExecutionResponse());
    }

    /// <summary>The server keeps no sticky queues (design rule 8), so there is nothing to release.</summary>
    public Task<ShutdownWorkerResponse> ShutdownWorker(ShutdownWorkerRequest request, ServerCallContext context) =>
        Task.FromResult(new ShutdownWorkerResponse());

    public Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueue(ResetStickyTaskQueueRequest request, ServerCallContext context) =>
        Task.FromResult(new ResetStickyTaskQueueResponse());

    public Task<ExecuteMultiOperationResponse> ExecuteMultiOperation(ExecuteMultiOperationRequest request, ServerCallContext context) =>
        engine.ExecuteMultiOperationAsync(request, context.CancellationToken);

    public Task<ResetWorkflowExecutionResponse> ResetWorkflowExecution(ResetWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ResetWorkflowExecution(request));
}
