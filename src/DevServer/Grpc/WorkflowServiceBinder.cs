using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Release.DevServer.Grpc;

/// <summary>
/// Registers the RPCs of <see cref="WorkflowServiceApi"/> under Temporal's service name. The request
/// and response types come from the Temporalio package, so no code generation is needed: each
/// method of the service descriptor that the API class implements (same name) becomes a unary
/// method; the rest answer UNIMPLEMENTED, which is a deliberate choice per RPC.
/// </summary>
internal sealed class WorkflowServiceBinder : IServiceMethodProvider<WorkflowServiceApi>
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceApi> context)
    {
        var service = Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services.Single(s => s.FullName == ServiceName);
        var bind = typeof(WorkflowServiceBinder).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var method in service.Methods)
        {
            var implementation = typeof(WorkflowServiceApi).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance);
            if (implementation is null)
            {
                continue;
            }
            bind.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [context, method, implementation]);
        }
    }

    private static void Bind<TRequest, TResponse>(
        ServiceMethodProviderContext<WorkflowServiceApi> context, MethodDescriptor descriptor, MethodInfo implementation)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary, ServiceName, descriptor.Name,
            Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), responseParser.ParseFrom));
        var call = implementation.CreateDelegate<Func<WorkflowServiceApi, TRequest, ServerCallContext, Task<TResponse>>>();
        context.AddUnaryMethod(method, [], (api, request, callContext) => api.InvokeAsync(descriptor.Name, request, callContext, call));
    }
}
