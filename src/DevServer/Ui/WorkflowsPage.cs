using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.DevServer.Ui;

/// <summary>
/// The workflow list with a filter in Temporal's list-filter language, one page at a time
/// (ListWorkflowExecutions). A query the server rejects is shown with the server's explanation.
/// </summary>
internal static class WorkflowsPage
{
    private const int DefaultPageSize = 50;

    private static readonly string[] QuickFilters = ["Running", "Completed", "Failed", "Canceled", "Terminated", "TimedOut", "ContinuedAsNew"];

    public static async Task<UiPage> RenderAsync(ITemporalClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        var ns = client.Options.Namespace;
        var query = request.Query["query"].ToString().Trim();
        var pageSize = int.TryParse(request.Query["pageSize"], out var size) ? Math.Clamp(size, 1, 1000) : DefaultPageSize;
        var body = new StringBuilder("<h1>Workflows</h1>").Append(Filter(ns, query));
        byte[]? token = null;
        var next = request.Query["next"].ToString();
        if (next.Length > 0)
        {
            try
            {
                token = WebEncoders.Base64UrlDecode(next);
            }
            catch (FormatException)
            {
                body.Append(PageLayout.Error("The page link is damaged; start again from the first page."));
                return new UiPage("Workflows", body.ToString(), StatusCodes.Status400BadRequest);
            }
        }
        WorkflowListPage page;
        try
        {
            page = await client.ListWorkflowsPaginatedAsync(query, token,
                new WorkflowListPaginatedOptions { PageSize = pageSize, Rpc = new RpcOptions { CancellationToken = cancellationToken } });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.InvalidArgument)
        {
            // The server's message names the problem and where it is; say once that it is about the query.
            var message = e.Message.StartsWith("invalid query", StringComparison.OrdinalIgnoreCase) ? e.Message : $"Invalid query: {e.Message}";
            body.Append(PageLayout.Error(message));
            return new UiPage("Workflows", body.ToString(), StatusCodes.Status400BadRequest);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.Unimplemented)
        {
            body.Append(PageLayout.Error("This server cannot list workflows (ListWorkflowExecutions is not implemented). Open a workflow by its id above."));
            return new UiPage("Workflows", body.ToString(), StatusCodes.Status501NotImplemented);
        }
        body.Append(await CountAsync(client, query, cancellationToken));
        body.Append(await TableAsync(client, ns, page.Workflows, cancellationToken));
        body.Append("<div class=\"pager\">");
        if (token is not null)
        {
            body.Append(Html.Link(Html.Url("/", ("namespace", ns), ("query", query), ("pageSize", request.Query["pageSize"])), "« First page"));
        }
        if (page.NextPageToken is { Length: > 0 } nextToken)
        {
            body.Append($"<a class=\"next-page\" href=\"{Html.E(Html.Url("/", ("namespace", ns), ("query", query), ("pageSize", request.Query["pageSize"]), ("next", WebEncoders.Base64UrlEncode(nextToken))))}\">Next page »</a>");
        }
        body.Append("</div>");
        return new UiPage("Workflows", body.ToString());
    }

    /// <summary>"N workflows" above the table; left out if the server cannot count.</summary>
    private static async Task<string> CountAsync(ITemporalClient client, string query, CancellationToken cancellationToken)
    {
        try
        {
            var count = await client.CountWorkflowsAsync(query, new WorkflowCountOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
            return $"<p class=\"muted count\">{count.Count} workflow{(count.Count == 1 ? "" : "s")}</p>";
        }
        catch (RpcException)
        {
            return "";
        }
    }

    private static string Filter(string ns, string query)
    {
        var html = new StringBuilder()
            .Append("<form class=\"toolbar\" method=\"get\" action=\"/\">")
            .Append($"<input type=\"hidden\" name=\"namespace\" value=\"{Html.E(ns)}\">")
            .Append($"<input type=\"text\" name=\"query\" aria-label=\"List filter\" value=\"{Html.E(query)}\" ")
            .Append("placeholder='WorkflowType = \"ReleaseWorkflow\" AND ExecutionStatus = \"Running\"'>")
            .Append("<button type=\"submit\">Filter</button>")
            .Append(Html.Link(Html.ListUrl(ns), "Clear"))
            .Append("</form>")
            .Append("<div class=\"quick muted\">Status: ");
        foreach (var status in QuickFilters)
        {
            html.Append(Html.Link(Html.ListUrl(ns, $"ExecutionStatus = \"{status}\""), status));
        }
        html.Append("</div>")
            .Append("<form class=\"toolbar\" method=\"get\" action=\"/workflow\">")
            .Append($"<input type=\"hidden\" name=\"namespace\" value=\"{Html.E(ns)}\">")
            .Append("<input type=\"text\" name=\"workflowId\" aria-label=\"Workflow ID\" placeholder=\"Open a workflow by its ID\">")
            .Append("<button type=\"submit\">Open</button></form>");
        return html.ToString();
    }

    private const string ReleaseStatusAttribute = "ReleaseStatus";

    // The list is read-only and local: a few describes at a time keep a 1,000-row page quick without flooding the server.
    private const int ConcurrentDescribes = 8;

    /// <summary>
    /// Each run's static summary. ListWorkflowExecutions does not carry user metadata, so it comes from
    /// DescribeWorkflowExecution, as the real UI fetches it; a run that cannot be described shows none.
    /// </summary>
    private static async Task<Dictionary<string, string>> SummariesAsync(ITemporalClient client, IReadOnlyCollection<WorkflowExecution> workflows, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(ConcurrentDescribes);
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        var found = await Task.WhenAll(workflows.Select(async w =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var described = await client.WorkflowService.DescribeWorkflowExecutionAsync(
                    new() { Namespace = client.Options.Namespace, Execution = new() { WorkflowId = w.Id, RunId = w.RunId } }, rpc);
                return (w.RunId, Summary: UserMetadataView.Text(described.ExecutionConfig?.UserMetadata?.Summary));
            }
            catch (RpcException)
            {
                return (w.RunId, Summary: null);
            }
            finally
            {
                gate.Release();
            }
        }));
        return found.Where(f => !string.IsNullOrEmpty(f.Summary)).ToDictionary(f => f.RunId, f => f.Summary!, StringComparer.Ordinal);
    }

    private static string? ReleaseStatus(WorkflowExecution w) =>
        w.TypedSearchAttributes.UntypedValues.FirstOrDefault(a => a.Key.Name == ReleaseStatusAttribute).Value switch
        {
            null => null,
            string text => text,
            IEnumerable<string> texts => string.Join(", ", texts),
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static async Task<string> TableAsync(ITemporalClient client, string ns, IReadOnlyCollection<WorkflowExecution> workflows, CancellationToken cancellationToken)
    {
        if (workflows.Count == 0)
        {
            return "<p class=\"muted empty\">No workflows match.</p>";
        }
        var summaries = await SummariesAsync(client, workflows, cancellationToken);
        // The column is there only when a run on the page has the attribute (releases do; other workflows do not).
        var releaseStatus = workflows.Any(w => ReleaseStatus(w) is not null);
        var html = new StringBuilder("<table class=\"workflows\"><thead><tr>")
            .Append("<th>Status</th><th>Workflow ID</th><th>Run ID</th><th>Type</th><th>Summary</th>")
            .Append(releaseStatus ? "<th>Release status</th>" : "")
            .Append("<th>Start</th><th>Close</th>")
            .Append("</tr></thead><tbody>");
        foreach (var w in workflows)
        {
            var href = Html.WorkflowUrl(ns, w.Id, w.RunId);
            html.Append($"<tr><td>{Html.StatusBadge(w.Status)}</td>")
                .Append($"<td class=\"id\">{Html.Link(href, w.Id)}</td>")
                .Append($"<td class=\"id mono\">{Html.Link(href, w.RunId)}</td>")
                .Append($"<td>{Html.E(w.WorkflowType)}</td>")
                .Append($"<td class=\"workflow-summary\">{Html.E(summaries.GetValueOrDefault(w.RunId))}</td>")
                .Append(releaseStatus ? $"<td class=\"release-status\">{Html.E(ReleaseStatus(w))}</td>" : "")
                .Append($"<td>{Html.Time(w.StartTime)}</td><td>{Html.Time(w.CloseTime)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
