using Grpc.Core;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// ExecuteMultiOperation, which today means update-with-start: start a workflow (or use the running
/// one, per the conflict policy) and admit an update to it in one step, so the update is carried by
/// the new run's first workflow task. Errors have the real server's per-operation shape
/// (<see cref="MultiOperationErrors"/>).
/// </summary>
internal sealed partial class TemporalEngine
{
    public async Task<ExecuteMultiOperationResponse> ExecuteMultiOperationAsync(
        ExecuteMultiOperationRequest request, CancellationToken cancellationToken)
    {
        var ns = RequireNamespace(request.Namespace).Name;
        if (request.Operations.Count != 2 || request.Operations[0].StartWorkflow is null || request.Operations[1].UpdateWorkflow is null)
        {
            throw RpcErrors.InvalidArgument("Operations have to be exactly [Start, Update].");
        }
        var startRequest = request.Operations[0].StartWorkflow;
        var updateRequest = request.Operations[1].UpdateWorkflow;
        CheckOperations(ns, startRequest, updateRequest);

        // As the real server: an update aborted because the run it was given to closed is retried once
        // from the top (the closed run may now give way to a new one); aborted again, it is ABORTED.
        for (var attempt = 1; ; attempt++)
        {
            var (run, started, update) = Step(() => StartAndAdmit(ns, startRequest, updateRequest));
            UpdateWorkflowExecutionResponse updateResponse;
            try
            {
                updateResponse = await UpdateResponseAsync(run, update, updateRequest.WaitPolicy, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                var abortedByClose = !started && update.Aborted;
                if (abortedByClose && attempt == 1)
                {
                    continue;
                }
                throw MultiOperationErrors.Build(
                    started ? null : MultiOperationErrors.Aborted,
                    abortedByClose ? MultiOperationErrors.Retryable(e.Status.Detail) : e);
            }
            var response = new ExecuteMultiOperationResponse();
            response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response
            {
                StartWorkflow = new() { RunId = run.RunId, Started = started, Status = run.Status },
            });
            response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response { UpdateWorkflow = updateResponse });
            return response;
        }
    }

    /// <summary>The frontend's checks: each failing operation gets its own error, the other is aborted.</summary>
    private static void CheckOperations(string ns, StartWorkflowExecutionRequest start, UpdateWorkflowExecutionRequest update)
    {
        var startError = start switch
        {
            _ when !string.IsNullOrEmpty(start.Namespace) && start.Namespace != ns =>
                RpcErrors.InvalidArgument("Operation namespace did not match request's namespace."),
            _ when !string.IsNullOrEmpty(start.CronSchedule) => RpcErrors.InvalidArgument("CronSchedule is not allowed."),
            _ when start.RequestEagerExecution => RpcErrors.InvalidArgument("RequestEagerExecution is not supported."),
            _ when start.WorkflowStartDelay is { } delay && delay.ToTimeSpan() > TimeSpan.Zero =>
                RpcErrors.InvalidArgument("WorkflowStartDelay is not supported."),
            _ => null,
        };
        var updateError = update switch
        {
            _ when !string.IsNullOrEmpty(update.Namespace) && update.Namespace != ns =>
                RpcErrors.InvalidArgument("Operation namespace did not match request's namespace."),
            _ when string.IsNullOrEmpty(update.Request?.Meta?.UpdateId) || string.IsNullOrEmpty(update.Request.Input?.Name) =>
                RpcErrors.InvalidArgument("Update id and name must be set on request."),
            _ when !string.IsNullOrEmpty(update.FirstExecutionRunId) => RpcErrors.InvalidArgument("FirstExecutionRunId is not allowed."),
            _ when !string.IsNullOrEmpty(update.WorkflowExecution?.RunId) => RpcErrors.InvalidArgument("RunId is not allowed."),
            _ when startError is null && update.WorkflowExecution?.WorkflowId != start.WorkflowId =>
                RpcErrors.InvalidArgument("WorkflowId is not consistent with previous operation(s)."),
            _ => null,
        };
        if (startError is not null || updateError is not null)
        {
            throw MultiOperationErrors.Build(startError ?? MultiOperationErrors.Aborted, updateError ?? MultiOperationErrors.Aborted);
        }
    }

    /// <summary>
    /// As the real server's update-with-start: a completed update of that id is answered from the
    /// current run; a running workflow takes the update when the start is a retry of the one that
    /// started it, when it already has the update, or when the conflict policy is USE_EXISTING;
    /// otherwise a new run is started (or the start fails) under the id reuse and conflict policies.
    /// </summary>
    private (ExecutionState Run, bool Started, UpdateInfo Update) StartAndAdmit(
        string ns, StartWorkflowExecutionRequest request, UpdateWorkflowExecutionRequest updateRequest)
    {
        var updateId = updateRequest.Request.Meta.UpdateId;
        var current = FindRun(ns, request.WorkflowId, null);
        if (current?.Updates.GetValueOrDefault(updateId) is { Stage: UpdateStage.Completed } done)
        {
            return (current, false, done);
        }
        if (current is { IsRunning: true }
            && (current.StartRequestId == request.RequestId || current.Updates.ContainsKey(updateId)
                || request.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.UseExisting))
        {
            var existing = current.Updates.GetValueOrDefault(updateId) ?? AdmitUpdate(current, updateRequest.Request, scheduleTask: true);
            return (current, false, existing);
        }
        UpdateInfo? update = null;
        ExecutionState run;
        bool started;
        try
        {
            var start = StartFromRequest(ns, request);
            (run, started) = StartOrReuse(start, request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy,
                beforeFirstTask: r => update = AdmitUpdate(r, updateRequest.Request, scheduleTask: false));
        }
        catch (RpcException e)
        {
            throw MultiOperationErrors.Build(e, MultiOperationErrors.Aborted);
        }
        if (update is null)
        {
            // The start was a retry of one that started a run which has since closed.
            throw MultiOperationErrors.Build(null, RpcErrors.WorkflowCompleted());
        }
        return (run, started, update);
    }

    /// <summary>The start a StartWorkflowExecutionRequest asks for, validated; alone or inside a multi-operation.</summary>
    private RunStart StartFromRequest(string ns, StartWorkflowExecutionRequest request)
    {
        var start = ValidateStart(ns, request.WorkflowId, request.WorkflowType?.Name,
            request.TaskQueue, request.RequestId) with
        {
            Input = request.Input,
            Header = request.Header,
            ExecutionTimeout = request.WorkflowExecutionTimeout,
            RunTimeout = request.WorkflowRunTimeout,
            TaskTimeout = request.WorkflowTaskTimeout,
            RetryPolicy = request.RetryPolicy,
            CronSchedule = request.CronSchedule,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            Identity = request.Identity,
            FirstWorkflowTaskBackoff = request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero,
            UserMetadata = request.UserMetadata,
            Priority = request.Priority,
        };
        CheckPriority(start.Priority);
        CheckStartOptions(start);
        return start;
    }
}
