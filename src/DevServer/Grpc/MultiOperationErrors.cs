using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;

namespace Release.DevServer.Grpc;

/// <summary>
/// The error shape of a failed ExecuteMultiOperation, as the real server builds it: one status per
/// operation (null = that one succeeded, <see cref="Aborted"/> = not run because of the other), the
/// whole call carrying the code of the first operation that really failed. The SDK unpacks the
/// per-operation statuses and raises that operation's error.
/// </summary>
internal static class MultiOperationErrors
{
    /// <summary>Marks the operation that was not executed because another one failed.</summary>
    public static readonly RpcException Aborted = AbortedError();

    public static RpcException Build(RpcException? startError, RpcException? updateError)
    {
        var failure = new MultiOperationExecutionFailure();
        StatusCode? code = null;
        foreach (var error in new[] { startError, updateError })
        {
            var status = error?.GetRpcStatus();
            var operation = new MultiOperationExecutionFailure.Types.OperationStatus
            {
                Code = status?.Code ?? (int)StatusCode.OK,
                Message = status?.Message ?? "",
            };
            if (status is not null)
            {
                operation.Details.AddRange(status.Details);
            }
            failure.Statuses.Add(operation);
            if (code is null && error is not null && !ReferenceEquals(error, Aborted))
            {
                code = (StatusCode)operation.Code;
            }
        }
        var whole = new Google.Rpc.Status
        {
            Code = (int)(code ?? StatusCode.Aborted),
            Message = "Update-with-Start could not be executed.",
        };
        whole.Details.Add(Any.Pack(failure));
        return whole.ToRpcException();
    }

    /// <summary>A plain ABORTED (no details), which a client may retry.</summary>
    public static RpcException Retryable(string message) =>
        new Google.Rpc.Status { Code = (int)StatusCode.Aborted, Message = message }.ToRpcException();

    private static RpcException AbortedError()
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.Aborted, Message = "Operation was aborted." };
        status.Details.Add(Any.Pack(new MultiOperationExecutionAborted()));
        return status.ToRpcException();
    }
}
