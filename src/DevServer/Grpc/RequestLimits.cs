using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Grpc;

/// <summary>
/// The real frontend's checks on what clients send, before anything is written: a payload, memo or name
/// over its limit is refused with INVALID_ARGUMENT and the real server's message. What workers send in
/// commands is checked by the engine, since it fails the workflow task rather than the call.
/// </summary>
internal static class RequestLimits
{
    public const string BlobTooLarge = "Blob data size exceeds limit.";
    public const string MemoTooLarge = "Memo size exceeds limit.";

    public static void Check<TRequest>(TRequest request, TemporalEngine engine, ILogger logger)
    {
        var limits = engine.Options.Limits;
        switch (request)
        {
            case StartWorkflowExecutionRequest r:
                CheckStart(r.WorkflowId, r.WorkflowType?.Name, r.TaskQueue?.Name, limits);
                CheckBlob(r.Input, limits, logger, nameof(StartWorkflowExecutionRequest));
                CheckMemo(r.Memo, limits, logger);
                break;
            case SignalWithStartWorkflowExecutionRequest r:
                CheckStart(r.WorkflowId, r.WorkflowType?.Name, r.TaskQueue?.Name, limits);
                CheckName(r.SignalName, "SignalName", limits);
                CheckBlob(r.Input, limits, logger, nameof(SignalWithStartWorkflowExecutionRequest));
                CheckBlob(r.SignalInput, limits, logger, nameof(SignalWithStartWorkflowExecutionRequest));
                CheckMemo(r.Memo, limits, logger);
                break;
            case SignalWorkflowExecutionRequest r:
                CheckName(r.WorkflowExecution?.WorkflowId, "WorkflowId", limits);
                CheckName(r.SignalName, "SignalName", limits);
                CheckBlob(r.Input, limits, logger, nameof(SignalWorkflowExecutionRequest));
                engine.RefuseSignalOverHistoryLimit(r.Namespace, r.WorkflowExecution);
                break;
            case UpdateWorkflowExecutionRequest r:
                CheckBlob(r.Request?.Input?.Args, limits, logger, nameof(UpdateWorkflowExecutionRequest));
                break;
            case QueryWorkflowRequest r:
                CheckBlob(r.Query?.QueryArgs, limits, logger, nameof(QueryWorkflowRequest));
                break;
            case RespondWorkflowTaskCompletedRequest r:
                // Over the error limit the engine fails the task; here only the warning the real server logs.
                foreach (var command in r.Commands)
                {
                    WarnIfLarge(command.CalculateSize(), limits, logger, command.CommandType.ToString());
                }
                break;
            case RespondActivityTaskCompletedRequest r:
                WarnIfLarge(r.Result?.CalculateSize() ?? 0, limits, logger, nameof(RespondActivityTaskCompletedRequest));
                break;
        }
    }

    private static void CheckStart(string? workflowId, string? workflowType, string? taskQueue, ServerLimits limits)
    {
        CheckName(workflowId, "WorkflowId", limits);
        CheckName(workflowType, "WorkflowType", limits);
        CheckName(taskQueue, "TaskQueue", limits);
    }

    private static void CheckName(string? value, string what, ServerLimits limits)
    {
        if (ServerLimits.Exceeds(Encoding.UTF8.GetByteCount(value ?? ""), limits.MaxIdLength))
        {
            throw RpcErrors.InvalidArgument($"{what} exceeds length limit.");
        }
    }

    private static void CheckBlob(IMessage? payload, ServerLimits limits, ILogger logger, string operation)
    {
        var size = payload?.CalculateSize() ?? 0;
        if (ServerLimits.Exceeds(size, limits.BlobSizeError))
        {
            throw RpcErrors.InvalidArgument(BlobTooLarge);
        }
        WarnIfLarge(size, limits, logger, operation);
    }

    private static void CheckMemo(IMessage? memo, ServerLimits limits, ILogger logger)
    {
        var size = memo?.CalculateSize() ?? 0;
        if (ServerLimits.Exceeds(size, limits.MemoSizeError))
        {
            throw RpcErrors.InvalidArgument(MemoTooLarge);
        }
        if (ServerLimits.Exceeds(size, limits.MemoSizeWarn))
        {
            logger.LogWarning("Memo size exceeds warn limit: {Size} bytes (limit.memoSize.warn {Limit})", size, limits.MemoSizeWarn);
        }
    }

    private static void WarnIfLarge(int size, ServerLimits limits, ILogger logger, string operation)
    {
        if (ServerLimits.Exceeds(size, limits.BlobSizeWarn))
        {
            logger.LogWarning("Blob size exceeds limit: {Operation} carries {Size} bytes (limit.blobSize.warn {Limit})", operation, size, limits.BlobSizeWarn);
        }
    }
}
