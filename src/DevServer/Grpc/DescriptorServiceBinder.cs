using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Release.DevServer.Grpc;

/// <summary>An API class whose public methods are RPCs, each called through one error-mapping wrapper.</summary>
internal interface IRpcApi<TApi>
{
    Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string name, TRequest request, ServerCallContext context, Func<TApi, TRequest, ServerCallContext, Task<TResponse>> call);
}

/// <summary>
/// Registers the RPCs of an API class under a Temporal service name. The request and response types
/// come from the Temporalio package, so no code generation is needed: each method of the service
/// descriptor that the API class implements (same name) becomes a unary method; the rest answer
/// UNIMPLEMENTED, which is a deliberate choice per RPC.
/// </summary>
internal abstract class DescriptorServiceBinder<TApi>(Google.Protobuf.Reflection.ServiceDescriptor service) : IServiceMethodProvider<TApi>
    where TApi : class, IRpcApi<TApi>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TApi> context)
    {
        var bind = typeof(DescriptorServiceBinder<TApi>).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var method in service.Methods)
        {
            var implementation = typeof(TApi).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance);
            if (implementation is null)
            {
                continue;
            }
            bind.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [context, service.FullName, method, implementation]);
        }
    }

    private static void Bind<TRequest, TResponse>(
        ServiceMethodProviderContext<TApi> context, string serviceName, MethodDescriptor descriptor, MethodInfo implementation)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary, serviceName, descriptor.Name,
            Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), responseParser.ParseFrom));
        var call = implementation.CreateDelegate<Func<TApi, TRequest, ServerCallContext, Task<TResponse>>>();
        context.AddUnaryMethod(method, [], (api, request, callContext) => api.InvokeAsync(descriptor.Name, request, callContext, call));
    }
}
