using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Release.DevServer.Grpc;

/// <summary>Nothing a client sends may crash the server: unexpected errors become INTERNAL, cancellations CANCELLED.</summary>
internal static class RpcGuard
{
    public static async Task<TResponse> InvokeAsync<TResponse>(ILogger logger, string name, ServerCallContext context, Func<Task<TResponse>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled by the client."));
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Rpc} failed", name);
            throw RpcErrors.Internal($"{name} failed: {e.Message}");
        }
    }
}
