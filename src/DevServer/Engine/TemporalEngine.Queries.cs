using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Queries (design rule 9): ride on the next workflow task when one is outstanding, otherwise go
/// out as a legacy query task with the full history; never both kinds in one task.
/// </summary>
internal sealed partial class TemporalEngine
{
    public async Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Query?.QueryType))
        {
            throw RpcErrors.InvalidArgument("QueryType is not set on request.");
        }
        var (run, pending, rejected) = Step(() =>
        {
            var run = RequireRun(request.Namespace, request.Execution);
            var rejectNotOpen = request.QueryRejectCondition == QueryRejectCondition.NotOpen && !run.IsRunning;
            var rejectUnclean = request.QueryRejectCondition == QueryRejectCondition.NotCompletedCleanly
                && !run.IsRunning && run.Status != WorkflowExecutionStatus.Completed;
            if (rejectNotOpen || rejectUnclean)
            {
                return (run, (PendingQuery?)null, true);
            }
            var pending = new PendingQuery { QueryId = Guid.NewGuid().ToString(), Query = request.Query };
            run.Queries.Add(pending);
            if (run.WorkflowTask is null || !run.IsRunning)
            {
                DispatchWaitingQueries(run);
            }
            return (run, pending, false);
        });
        if (rejected)
        {
            return new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = run.Status } };
        }
        try
        {
            var outcome = await pending!.Result.Task.WaitAsync(cancellationToken);
            if (outcome.Answer is null && (outcome.ErrorMessage is not null || outcome.Failure is not null))
            {
                throw RpcErrors.QueryFailed(outcome.ErrorMessage ?? outcome.Failure!.Message, outcome.Failure);
            }
            return new QueryWorkflowResponse { QueryResult = outcome.Answer };
        }
        finally
        {
            Step(() => { run.Queries.Remove(pending!); });
        }
    }

    /// <summary>Sends legacy query tasks for queries that no workflow task will carry.</summary>
    private void DispatchWaitingQueries(ExecutionState run)
    {
        if (run.IsRunning && run.WorkflowTask is not null)
        {
            return;
        }
        foreach (var query in run.Queries.Where(q => !q.Dispatched))
        {
            query.Dispatched = true;
            _queues.Add(run.Namespace, run.TaskQueue, TaskKind.Workflow, new QueuedTask(run.Key, QueryId: query.QueryId));
        }
    }

    private PollWorkflowTaskQueueResponse? TryStartLegacyQueryTask(ExecutionState run, string queryId)
    {
        var query = run.Queries.FirstOrDefault(q => q.QueryId == queryId);
        if (query is null || query.Result.Task.IsCompleted)
        {
            return null;
        }
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.Query, run.Namespace, run.WorkflowId, run.RunId, 0, 1, queryId).Encode(),
            WorkflowExecution = run.Execution,
            WorkflowType = new() { Name = run.WorkflowType },
            PreviousStartedEventId = run.LastCompletedWorkflowTaskStartedEventId,
            // Zero, as the real server sends for query tasks: the SDK core tells a query-only task
            // from a real workflow task by started_event_id == 0. With any other value it buffers
            // the query task as a workflow task, and a workflow task arriving for the same run
            // while it waits replaces it (or it replaces a buffered workflow task): the dropped
            // one never answers, a query hangs or a workflow task times out after 10 s.
            StartedEventId = 0,
            Attempt = 1,
            History = new(),
            Query = query.Query,
            WorkflowExecutionTaskQueue = new() { Name = run.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
        };
        response.History.Events.AddRange(run.History);
        return response;
    }

    private static void AttachQueries(ExecutionState run, WorkflowTaskInfo task, PollWorkflowTaskQueueResponse response)
    {
        foreach (var query in run.Queries.Where(q => !q.Dispatched && !q.Result.Task.IsCompleted))
        {
            query.Dispatched = true;
            task.AttachedQueryIds.Add(query.QueryId);
            response.Queries[query.QueryId] = query.Query;
        }
    }

    private static void AnswerAttachedQueries(ExecutionState run, WorkflowTaskInfo task,
        Google.Protobuf.Collections.MapField<string, WorkflowQueryResult> results)
    {
        foreach (var (queryId, result) in results)
        {
            var query = run.Queries.FirstOrDefault(q => q.QueryId == queryId);
            query?.Result.TrySetResult(result.ResultType == QueryResultType.Answered
                ? new QueryOutcome(result.Answer ?? new(), null, null)
                : new QueryOutcome(null, result.ErrorMessage, result.Failure));
        }
    }

    public void RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request) => Step(() =>
    {
        var token = TaskToken.TryDecode(request.TaskToken);
        if (token is not { Kind: TaskTokenKind.Query } || !_runs.TryGetValue(token.Key, out var run)
            || run.Queries.FirstOrDefault(q => q.QueryId == token.QueryId) is not { } query)
        {
            throw RpcErrors.NotFound("query task not found.");
        }
        query.Result.TrySetResult(request.CompletedType == QueryResultType.Answered
            ? new QueryOutcome(request.QueryResult ?? new(), null, null)
            : new QueryOutcome(null, request.ErrorMessage, request.Failure));
    });
}
