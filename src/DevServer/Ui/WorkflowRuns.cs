using System.Text;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.DevServer.Ui;

/// <summary>Other runs of the same workflow id, found with one visibility query.</summary>
internal static class WorkflowRuns
{
    private const int Shown = 20;

    /// <summary>Links to the other runs, newest first; empty when there are none or the server cannot list.</summary>
    public static async Task<string> OtherRunsAsync(ITemporalClient client, string workflowId, string currentRunId, RpcOptions rpc)
    {
        WorkflowListPage page;
        try
        {
            page = await client.ListWorkflowsPaginatedAsync(
                $"WorkflowId = {QueryLiteral(workflowId)}", null, new WorkflowListPaginatedOptions { PageSize = Shown + 1, Rpc = rpc });
        }
        catch (RpcException)
        {
            // A nice-to-have: a server without visibility (or a query it rejects) must not break the workflow page.
            return "";
        }
        var others = page.Workflows.Where(w => w.RunId != currentRunId).Take(Shown).ToList();
        if (others.Count == 0)
        {
            return "";
        }
        var html = new StringBuilder("<ul class=\"runs\">");
        foreach (var run in others)
        {
            html.Append($"<li>{Html.StatusBadge((Temporalio.Api.Enums.V1.WorkflowExecutionStatus)run.Status)} ")
                .Append(Html.Link(Html.WorkflowUrl(client.Options.Namespace, run.Id, run.RunId), run.RunId))
                .Append($" <span class=\"muted\">started {run.StartTime:yyyy-MM-dd HH:mm:ss} UTC</span></li>");
        }
        return html.Append("</ul>").ToString();
    }

    /// <summary>A string literal of the list-filter language: double quotes, with backslash escapes.</summary>
    public static string QueryLiteral(string value) =>
        $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
