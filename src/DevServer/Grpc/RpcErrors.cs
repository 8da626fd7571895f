using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.ErrorDetails.V1;

namespace Release.DevServer.Grpc;

/// <summary>
/// The errors the real server returns, with the same gRPC codes and typed details, so that the SDK
/// raises its typed exceptions (for example WorkflowAlreadyStartedException).
/// </summary>
internal static class RpcErrors
{
    public static RpcException NotFound(string message) =>
        Build(StatusCode.NotFound, message, new NotFoundFailure { CurrentCluster = "active", ActiveCluster = "active" });

    public static RpcException NamespaceNotFound(string ns) =>
        Build(StatusCode.NotFound, $"Namespace {ns} is not found.", new NamespaceNotFoundFailure { Namespace = ns });

    public static RpcException InvalidArgument(string message) => Build(StatusCode.InvalidArgument, message, null);

    public static RpcException AlreadyStarted(string message, string startRequestId, string runId) =>
        Build(StatusCode.AlreadyExists, message,
            new WorkflowExecutionAlreadyStartedFailure { StartRequestId = startRequestId, RunId = runId });

    public static RpcException AlreadyExists(string message) => Build(StatusCode.AlreadyExists, message, null);

    public static RpcException QueryFailed(string message, Temporalio.Api.Failure.V1.Failure? failure) =>
        Build(StatusCode.InvalidArgument, message, new QueryFailedFailure { Failure = failure });

    public static RpcException FailedPrecondition(string message) => Build(StatusCode.FailedPrecondition, message, null);

    public static RpcException WorkflowCompleted() => NotFound("workflow execution already completed");

    public static RpcException Internal(string message) => Build(StatusCode.Internal, message, null);

    private static RpcException Build(StatusCode code, string message, IMessage? detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }
        return status.ToRpcException();
    }
}
