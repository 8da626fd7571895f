using Grpc.Core;
using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;
using Temporalio.Api.OperatorService.V1;

namespace Release.DevServer.Grpc;

/// <summary>
/// The OperatorService RPCs this server implements: the search attribute registry. The rest
/// (clusters, namespace deletion, Nexus endpoints) answer UNIMPLEMENTED.
/// </summary>
internal sealed class OperatorServiceApi(TemporalEngine engine, ILogger<OperatorServiceApi> logger) : IRpcApi<OperatorServiceApi>
{
    public Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string name, TRequest request, ServerCallContext context, Func<OperatorServiceApi, TRequest, ServerCallContext, Task<TResponse>> call) =>
        RpcGuard.InvokeAsync(logger, name, context, () => call(this, request, context));

    public Task<AddSearchAttributesResponse> AddSearchAttributes(AddSearchAttributesRequest request, ServerCallContext context)
    {
        engine.AddSearchAttributes(request);
        return Task.FromResult(new AddSearchAttributesResponse());
    }

    public Task<RemoveSearchAttributesResponse> RemoveSearchAttributes(RemoveSearchAttributesRequest request, ServerCallContext context)
    {
        engine.RemoveSearchAttributes(request);
        return Task.FromResult(new RemoveSearchAttributesResponse());
    }

    public Task<ListSearchAttributesResponse> ListSearchAttributes(ListSearchAttributesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListSearchAttributes(request));
}
