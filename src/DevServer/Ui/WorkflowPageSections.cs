using System.Text;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Ui;

/// <summary>The tables of the workflow page: pending activities, child workflows and the event history.</summary>
internal static class WorkflowPageSections
{
    public static string PendingActivities(DescribeWorkflowExecutionResponse raw)
    {
        if (raw.PendingActivities.Count == 0)
        {
            return "";
        }
        var html = new StringBuilder("<h2>Pending activities</h2><table class=\"pending-activities\"><thead><tr>")
            .Append("<th>Activity</th><th>State</th><th>Attempt</th><th>Times</th><th>Last heartbeat</th><th>Last failure</th>")
            .Append("</tr></thead><tbody>");
        foreach (var activity in raw.PendingActivities)
        {
            var maximum = activity.MaximumAttempts > 0 ? $" of {activity.MaximumAttempts}" : "";
            html.Append("<tr>")
                .Append($"<td><b>{Html.E(activity.ActivityType?.Name)}</b><div class=\"muted mono\">id {Html.E(activity.ActivityId)}</div></td>")
                .Append($"<td>{Html.E(activity.State.ToString())}</td>")
                .Append($"<td class=\"attempt\">{activity.Attempt}{maximum}</td>")
                .Append($"<td class=\"times\">{Times(activity)}</td>")
                .Append($"<td>{Html.Time(activity.LastHeartbeatTime)}")
                .Append(activity.HeartbeatDetails?.Payloads_.Count > 0 ? PayloadFormatter.Block(activity.HeartbeatDetails.Payloads_) : "")
                .Append("</td>")
                .Append($"<td>{FailureFormatter.Block(activity.LastFailure)}</td>")
                .Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Times(PendingActivityInfo activity)
    {
        var lines = new List<string>();
        void Add(string label, Timestamp? time)
        {
            if (time is not null && (time.Seconds != 0 || time.Nanos != 0))
            {
                lines.Add($"<div><span class=\"muted\">{label}</span> {Html.Time(time)}</div>");
            }
        }
        Add("scheduled", activity.ScheduledTime);
        Add("last started", activity.LastStartedTime);
        Add("next attempt", activity.NextAttemptScheduleTime);
        Add("expires", activity.ExpirationTime);
        return string.Concat(lines);
    }

    private sealed class Child
    {
        public required string WorkflowId { get; init; }
        public required string Type { get; init; }
        public required string Namespace { get; init; }
        public string RunId { get; set; } = "";
        public string State { get; set; } = "Starting";
    }

    /// <summary>Every child the run started, from its history, with the state its last event gives it.</summary>
    public static string Children(string ns, DescribeWorkflowExecutionResponse raw, IReadOnlyList<HistoryEvent> events)
    {
        var children = new Dictionary<long, Child>();
        foreach (var e in events)
        {
            switch (e.AttributesCase)
            {
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
                    var initiated = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                    children[e.EventId] = new Child
                    {
                        WorkflowId = initiated.WorkflowId,
                        Type = initiated.WorkflowType?.Name ?? "",
                        Namespace = initiated.Namespace.Length > 0 ? initiated.Namespace : ns,
                    };
                    break;
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionFailedEventAttributes:
                    Update(e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId, null, $"Start failed ({e.StartChildWorkflowExecutionFailedEventAttributes.Cause})");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                    var started = e.ChildWorkflowExecutionStartedEventAttributes;
                    Update(started.InitiatedEventId, started.WorkflowExecution?.RunId, "Running");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                    Update(e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId, null, "Completed");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                    Update(e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId, null, "Failed");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                    Update(e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId, null, "Canceled");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                    Update(e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId, null, "Timed out");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                    Update(e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId, null, "Terminated");
                    break;
                default:
                    break;
            }
        }
        void Update(long initiatedId, string? runId, string state)
        {
            if (children.TryGetValue(initiatedId, out var child))
            {
                child.RunId = string.IsNullOrEmpty(runId) ? child.RunId : runId;
                child.State = state;
            }
        }
        var pending = raw.PendingChildren.Select(c => c.InitiatedId).ToHashSet();
        if (children.Count == 0)
        {
            return "";
        }
        var html = new StringBuilder($"<h2>Child workflows</h2><p class=\"muted\">{pending.Count} pending</p>")
            .Append("<table class=\"children\"><thead><tr><th>Workflow ID</th><th>Run ID</th><th>Type</th><th>State</th></tr></thead><tbody>");
        foreach (var (initiatedId, child) in children)
        {
            var href = Html.WorkflowUrl(child.Namespace, child.WorkflowId, child.RunId.Length > 0 ? child.RunId : null);
            html.Append($"<tr><td class=\"id\">{Html.Link(href, child.WorkflowId)}</td><td class=\"id mono\">{Html.E(child.RunId)}</td>")
                .Append($"<td>{Html.E(child.Type)}</td><td>{Html.E(child.State)}{(pending.Contains(initiatedId) ? " <span class=\"muted\">(pending)</span>" : "")}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public static string History(IReadOnlyList<HistoryEvent> events, bool truncated)
    {
        var html = new StringBuilder($"<h2>Event history</h2>");
        if (truncated)
        {
            html.Append($"<p class=\"muted\">Showing the first {events.Count} events.</p>");
        }
        html.Append("<table class=\"history\"><thead><tr><th>ID</th><th>Time</th><th>Type</th><th>Details</th></tr></thead><tbody>");
        foreach (var e in events)
        {
            var attributes = string.Concat(EventFormatter.KeyAttributes(e).Select(a => $"<span><b>{Html.E(a.Name)}</b> {Html.E(a.Value)}</span>"));
            // The summary a workflow gave an activity, timer or child says what it is for; it leads the line.
            if (UserMetadataView.Text(e.UserMetadata?.Summary) is { Length: > 0 } summary)
            {
                attributes = $"<span class=\"event-summary\"><b>summary</b> {Html.E(summary)}</span>" + attributes;
            }
            html.Append($"<tr id=\"event-{e.EventId}\"><td>{e.EventId}</td><td>{Html.Time(e.EventTime)}</td>")
                .Append($"<td class=\"event-type\">{Html.E(EventFormatter.TypeName(e))}</td>")
                .Append($"<td class=\"attrs\">{attributes}<details><summary>full event</summary><pre class=\"event\">{Html.E(EventFormatter.FullJson(e))}</pre></details></td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
