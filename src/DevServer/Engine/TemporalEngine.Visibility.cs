using Google.Protobuf;
using Release.DevServer.Grpc;
using Release.DevServer.Visibility;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// List, scan and count with Temporal's list filter (parsed and evaluated by <see cref="Visibility"/>),
/// plus the older ListOpen/ListClosed calls. Every run of every chain is listed, as in the real server.
/// </summary>
internal sealed partial class TemporalEngine
{
    public ListWorkflowExecutionsResponse ListWorkflowExecutions(ListWorkflowExecutionsRequest request) => Step(() =>
    {
        var (executions, token) = ListPage(request.Namespace, request.Query, request.PageSize, request.NextPageToken);
        var response = new ListWorkflowExecutionsResponse { NextPageToken = token };
        response.Executions.AddRange(executions);
        return response;
    });

    public ScanWorkflowExecutionsResponse ScanWorkflowExecutions(ScanWorkflowExecutionsRequest request) => Step(() =>
    {
        var (executions, token) = ListPage(request.Namespace, request.Query, request.PageSize, request.NextPageToken);
        var response = new ScanWorkflowExecutionsResponse { NextPageToken = token };
        response.Executions.AddRange(executions);
        return response;
    });

    public CountWorkflowExecutionsResponse CountWorkflowExecutions(CountWorkflowExecutionsRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        var query = Compile(request.Query, ns);
        var records = RunsOf(ns.Name).Select(r => Record(r, ns));
        var response = new CountWorkflowExecutionsResponse();
        if (query.GroupBy is null)
        {
            response.Count = records.LongCount(query.Filter);
            return response;
        }
        foreach (var (value, count) in VisibilityPager.CountByGroup(records, query))
        {
            var group = new CountWorkflowExecutionsResponse.Types.AggregationGroup { Count = count };
            group.GroupValues.Add(SearchAttributeValues.Keyword(value));
            response.Groups.Add(group);
            response.Count += count;
        }
        return response;
    });

    public ListOpenWorkflowExecutionsResponse ListOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest request) => Step(() =>
    {
        var filter = LegacyFilter(request.StartTimeFilter, request.ExecutionFilter?.WorkflowId, request.TypeFilter?.Name, "Running", open: true);
        var (executions, token) = ListPage(request.Namespace, filter, request.MaximumPageSize, request.NextPageToken);
        var response = new ListOpenWorkflowExecutionsResponse { NextPageToken = token };
        response.Executions.AddRange(executions);
        return response;
    });

    public ListClosedWorkflowExecutionsResponse ListClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest request) => Step(() =>
    {
        var status = request.StatusFilter is { Status: not WorkflowExecutionStatus.Unspecified } s ? s.Status.ToString() : null;
        var filter = LegacyFilter(request.StartTimeFilter, request.ExecutionFilter?.WorkflowId, request.TypeFilter?.Name, status, open: false);
        var (executions, token) = ListPage(request.Namespace, filter, request.MaximumPageSize, request.NextPageToken);
        var response = new ListClosedWorkflowExecutionsResponse { NextPageToken = token };
        response.Executions.AddRange(executions);
        return response;
    });

    private (List<WorkflowExecutionInfo> Executions, ByteString NextPageToken) ListPage(string nsName, string filter, int pageSize, ByteString pageToken)
    {
        var ns = RequireNamespace(nsName);
        var query = Compile(filter, ns);
        if (query.GroupBy is not null)
        {
            throw RpcErrors.InvalidArgument("invalid query: operation is not supported: 'GROUP BY' clause is only supported in count queries");
        }
        var runs = RunsOf(ns.Name).ToDictionary(r => r.RunId);
        try
        {
            var (page, next) = VisibilityPager.Page(runs.Values.Select(r => Record(r, ns)), query, pageSize, pageToken.Span);
            return (page.Select(r => ExecutionInfo(runs[r.RunId])).ToList(), ByteString.CopyFrom(next));
        }
        catch (ArgumentException e)
        {
            throw RpcErrors.InvalidArgument(e.Message);
        }
    }

    private static CompiledQuery Compile(string query, NamespaceEntry ns)
    {
        try
        {
            return QueryCompiler.Compile(query, ns.SearchAttributes);
        }
        catch (VisibilityQueryException e)
        {
            throw RpcErrors.InvalidArgument(e.Message);
        }
    }

    private IEnumerable<ExecutionState> RunsOf(string ns) => _runs.Values.Where(r => r.Namespace == ns);

    /// <summary>The legacy list calls' filters, written in the filter language.</summary>
    private static string LegacyFilter(Temporalio.Api.Filter.V1.StartTimeFilter? time, string? workflowId, string? type, string? status, bool open)
    {
        var terms = new List<string> { open ? "ExecutionStatus = 'Running'" : "ExecutionStatus != 'Running'" };
        if (time?.EarliestTime is { } earliest)
        {
            terms.Add($"StartTime >= '{earliest.ToDateTimeOffset():O}'");
        }
        if (time?.LatestTime is { } latest && latest.Seconds > 0)
        {
            terms.Add($"StartTime <= '{latest.ToDateTimeOffset():O}'");
        }
        if (!string.IsNullOrEmpty(workflowId))
        {
            terms.Add($"WorkflowId = '{workflowId.Replace("'", "''", StringComparison.Ordinal)}'");
        }
        if (!string.IsNullOrEmpty(type))
        {
            terms.Add($"WorkflowType = '{type.Replace("'", "''", StringComparison.Ordinal)}'");
        }
        if (status is not null)
        {
            terms.Add($"ExecutionStatus = '{status}'");
        }
        return string.Join(" AND ", terms);
    }
}
