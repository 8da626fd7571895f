using System.Text;
using Microsoft.AspNetCore.Http;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Release.DevServer.Ui;

/// <summary>
/// One workflow run: summary, user summary and details, input, outcome, search attributes, memo, pending activities, children,
/// related runs and the event history. Built from DescribeWorkflowExecution and GetWorkflowExecutionHistory.
/// </summary>
internal static class WorkflowPage
{
    // A run this long is unusual on a dev server; past it the page stays usable and says what it left out.
    private const int MaxEvents = 5000;

    public static async Task<UiPage> RenderAsync(ITemporalClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        var ns = client.Options.Namespace;
        var workflowId = request.Query["workflowId"].ToString();
        var runId = request.Query["runId"].ToString();
        if (string.IsNullOrWhiteSpace(workflowId))
        {
            return new UiPage("Workflow", PageLayout.Error("No workflow id given: open a workflow from the list, or add ?workflowId=ID to the address."),
                StatusCodes.Status400BadRequest);
        }
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        // The raw response, not the SDK's typed description: only it carries pending activities and children.
        var raw = await client.WorkflowService.DescribeWorkflowExecutionAsync(
            new() { Namespace = ns, Execution = new() { WorkflowId = workflowId, RunId = runId } }, rpc);
        // Pin the history to the run just described: without a run id the latest run could change in between.
        var (events, truncated) = await HistoryAsync(client, ns, workflowId, raw.WorkflowExecutionInfo.Execution.RunId, rpc);
        var otherRuns = await WorkflowRuns.OtherRunsAsync(client, workflowId, raw.WorkflowExecutionInfo.Execution.RunId, rpc);

        var closeEvent = truncated && raw.WorkflowExecutionInfo.Status != WorkflowExecutionStatus.Running
            ? await CloseEventAsync(client, ns, workflowId, raw.WorkflowExecutionInfo.Execution.RunId, rpc)
            : events.LastOrDefault();

        var body = new StringBuilder();
        body.Append(Summary(ns, raw, events, closeEvent, otherRuns));
        // Summary and details come before the input, as in the real Temporal UI: they say what the run is about.
        body.Append(await UserMetadataView.SectionAsync(client, raw, cancellationToken));
        var started = events.FirstOrDefault()?.WorkflowExecutionStartedEventAttributes;
        body.Append("<h2>Input</h2>").Append(PayloadFormatter.Block(started?.Input?.Payloads_ ?? []));
        body.Append(Outcome(ns, workflowId, raw.WorkflowExecutionInfo.Status, closeEvent));
        body.Append(WorkflowPageSections.PendingActivities(raw));
        body.Append(WorkflowPageSections.Children(ns, raw, events));
        body.Append("<h2>Search attributes</h2>").Append(PayloadFormatter.Table(raw.WorkflowExecutionInfo.SearchAttributes?.IndexedFields ?? []));
        body.Append("<h2>Memo</h2>").Append(PayloadFormatter.Table(raw.WorkflowExecutionInfo.Memo?.Fields ?? []));
        body.Append(WorkflowPageSections.History(events, truncated));
        return new UiPage($"{workflowId}", body.ToString());
    }

    private static async Task<(List<HistoryEvent> Events, bool Truncated)> HistoryAsync(
        ITemporalClient client, string ns, string workflowId, string runId, RpcOptions rpc)
    {
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = ns,
            Execution = new() { WorkflowId = workflowId, RunId = runId },
            MaximumPageSize = 1000,
        };
        var events = new List<HistoryEvent>();
        do
        {
            var page = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(request, rpc);
            events.AddRange(page.History.Events);
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty && events.Count < MaxEvents);
        return (events, !request.NextPageToken.IsEmpty);
    }

    private static async Task<HistoryEvent?> CloseEventAsync(ITemporalClient client, string ns, string workflowId, string runId, RpcOptions rpc)
    {
        var page = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(new()
        {
            Namespace = ns,
            Execution = new() { WorkflowId = workflowId, RunId = runId },
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
        }, rpc);
        return page.History.Events.LastOrDefault();
    }

    private static string Summary(string ns, DescribeWorkflowExecutionResponse raw, List<HistoryEvent> events, HistoryEvent? closeEvent, string otherRuns)
    {
        var info = raw.WorkflowExecutionInfo;
        var started = events.FirstOrDefault()?.WorkflowExecutionStartedEventAttributes;
        var html = new StringBuilder();
        html.Append($"<h1>{Html.E(info.Execution.WorkflowId)}</h1>");
        html.Append($"<div class=\"title-status\">{Html.StatusBadge(info.Status)} <span class=\"muted\">{Html.E(info.Type?.Name)}</span></div>");
        html.Append("<dl class=\"summary\">");
        void Row(string name, string valueHtml) => html.Append($"<dt>{name}</dt><dd>{valueHtml}</dd>");
        Row("Workflow type", Html.E(info.Type?.Name));
        Row("Workflow ID", $"<span class=\"mono\">{Html.E(info.Execution.WorkflowId)}</span>");
        Row("Run ID", $"<span class=\"mono\">{Html.E(info.Execution.RunId)}</span>");
        Row("Namespace", Html.E(ns));
        Row("Task queue", Html.E(info.TaskQueue.Length > 0 ? info.TaskQueue : raw.ExecutionConfig?.TaskQueue?.Name));
        Row("Start time", Html.Time(info.StartTime));
        Row("Execution time", Html.Time(info.ExecutionTime));
        Row("Close time", Html.Time(info.CloseTime));
        if (info.CloseTime is not null && info.StartTime is not null)
        {
            Row("Duration", Html.Duration(info.CloseTime.ToDateTime() - info.StartTime.ToDateTime()));
        }
        Row("History events", $"{info.HistoryLength}");
        if (started?.ParentWorkflowExecution is { } parent && parent.WorkflowId.Length > 0)
        {
            var parentNs = started.ParentWorkflowNamespace.Length > 0 ? started.ParentWorkflowNamespace : ns;
            Row("Parent", $"<a class=\"parent-link\" href=\"{Html.E(Html.WorkflowUrl(parentNs, parent.WorkflowId, parent.RunId))}\">{Html.E(parent.WorkflowId)}</a>"
                + $" <span class=\"muted mono\">{Html.E(parent.RunId)}</span>");
        }
        if (started is { ContinuedExecutionRunId.Length: > 0 })
        {
            Row("Previous run", Html.Link(Html.WorkflowUrl(ns, info.Execution.WorkflowId, started.ContinuedExecutionRunId), started.ContinuedExecutionRunId));
        }
        var newRun = closeEvent?.WorkflowExecutionContinuedAsNewEventAttributes?.NewExecutionRunId;
        if (!string.IsNullOrEmpty(newRun))
        {
            Row("Next run", Html.Link(Html.WorkflowUrl(ns, info.Execution.WorkflowId, newRun), newRun));
        }
        if (otherRuns.Length > 0)
        {
            Row("Other runs", otherRuns);
        }
        return html.Append("</dl>").ToString();
    }

    /// <summary>What the run ended with, from its close event: result, failure, reason or the next run.</summary>
    private static string Outcome(string ns, string workflowId, WorkflowExecutionStatus status, HistoryEvent? last)
    {
        if (status == WorkflowExecutionStatus.Running || last is null)
        {
            return "";
        }
        return last.AttributesCase switch
        {
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes =>
                "<h2>Result</h2>" + PayloadFormatter.Block(last.WorkflowExecutionCompletedEventAttributes.Result?.Payloads_ ?? []),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes =>
                "<h2>Failure</h2>" + FailureFormatter.Block(last.WorkflowExecutionFailedEventAttributes.Failure),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes =>
                $"<h2>Timed out</h2><p>Retry state: {Html.E(last.WorkflowExecutionTimedOutEventAttributes.RetryState.ToString())}</p>",
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes =>
                "<h2>Canceled</h2>" + PayloadFormatter.Block(last.WorkflowExecutionCanceledEventAttributes.Details?.Payloads_ ?? []),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes =>
                $"<h2>Terminated</h2><p>Reason: {Html.E(last.WorkflowExecutionTerminatedEventAttributes.Reason)}</p>"
                + PayloadFormatter.Block(last.WorkflowExecutionTerminatedEventAttributes.Details?.Payloads_ ?? []),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes =>
                "<h2>Continued as new</h2><p>Next run: "
                + Html.Link(Html.WorkflowUrl(ns, workflowId, last.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId),
                    last.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId)
                + "</p>" + PayloadFormatter.Block(last.WorkflowExecutionContinuedAsNewEventAttributes.Input?.Payloads_ ?? []),
            _ => "",
        };
    }
}
