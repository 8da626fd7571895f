using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Release.DevServer.Ui;

/// <summary>
/// The schedules of a namespace (ListSchedules) and one schedule's details (DescribeSchedule):
/// its spec, policies, state, counts, running workflows, recent and next actions.
/// </summary>
internal static class SchedulesPage
{
    public static async Task<UiPage> RenderAsync(ITemporalClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        var id = request.Query["id"].ToString().Trim();
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        return id.Length == 0 ? await ListAsync(client, rpc) : await DetailsAsync(client, id, rpc);
    }

    private static async Task<UiPage> ListAsync(ITemporalClient client, RpcOptions rpc)
    {
        var ns = client.Options.Namespace;
        var entries = new List<ScheduleListEntry>();
        var token = Google.Protobuf.ByteString.Empty;
        do
        {
            var page = await client.WorkflowService.ListSchedulesAsync(new ListSchedulesRequest { Namespace = ns, NextPageToken = token }, rpc);
            entries.AddRange(page.Schedules);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        var html = new StringBuilder("<h1>Schedules</h1>");
        if (entries.Count == 0)
        {
            return new UiPage("Schedules", html.Append("<p class=\"muted\">No schedules in this namespace.</p>").ToString());
        }
        html.Append("<table><thead><tr><th>Schedule ID</th><th>Workflow type</th><th>Spec</th><th>State</th><th>Next action</th></tr></thead><tbody>");
        foreach (var entry in entries.OrderBy(e => e.ScheduleId, StringComparer.Ordinal))
        {
            var info = entry.Info ?? new ScheduleListInfo();
            html.Append("<tr><td>").Append(Html.Link(ScheduleUrl(ns, entry.ScheduleId), entry.ScheduleId)).Append("</td>")
                .Append("<td>").Append(Html.E(info.WorkflowType?.Name)).Append("</td>")
                .Append("<td>").Append(Html.E(SpecSummary(info.Spec))).Append("</td>")
                .Append("<td>").Append(StateText(info.Paused, info.Notes)).Append("</td>")
                .Append("<td>").Append(Html.Time(info.FutureActionTimes.FirstOrDefault())).Append("</td></tr>");
        }
        return new UiPage("Schedules", html.Append("</tbody></table>").ToString());
    }

    private static async Task<UiPage> DetailsAsync(ITemporalClient client, string id, RpcOptions rpc)
    {
        var ns = client.Options.Namespace;
        var description = await client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = ns, ScheduleId = id }, rpc);
        var schedule = description.Schedule;
        var info = description.Info;
        var action = schedule.Action?.StartWorkflow;
        var html = new StringBuilder($"<h1>Schedule {Html.E(id)}</h1><p>{Html.Link(Html.Url("/schedules", ("namespace", ns)), "All schedules")}</p>");
        html.Append("<dl class=\"summary\">");
        Row(html, "State", StateText(schedule.State.Paused, schedule.State.Notes));
        Row(html, "Spec", Html.E(SpecSummary(schedule.Spec)));
        Row(html, "Time zone", Html.E(schedule.Spec.TimezoneName.Length > 0 ? schedule.Spec.TimezoneName : "UTC"));
        Row(html, "Workflow", action is null ? "" : $"{Html.E(action.WorkflowType?.Name)} as {Html.E(action.WorkflowId)}-&lt;time&gt; on {Html.E(action.TaskQueue?.Name)}");
        Row(html, "Overlap policy", Html.E(schedule.Policies.OverlapPolicy.ToString()));
        Row(html, "Catchup window", Html.E(schedule.Policies.CatchupWindow is { } window ? Html.Duration(window.ToTimeSpan()) : ""));
        Row(html, "Pause on failure", schedule.Policies.PauseOnFailure ? "yes" : "no");
        if (schedule.State.LimitedActions)
        {
            Row(html, "Remaining actions", schedule.State.RemainingActions.ToString(CultureInfo.InvariantCulture));
        }
        Row(html, "Actions taken", info.ActionCount.ToString(CultureInfo.InvariantCulture));
        Row(html, "Missed (catchup window)", info.MissedCatchupWindow.ToString(CultureInfo.InvariantCulture));
        Row(html, "Skipped (overlap)", info.OverlapSkipped.ToString(CultureInfo.InvariantCulture));
        Row(html, "Created", Html.Time(info.CreateTime));
        Row(html, "Updated", Html.Time(info.UpdateTime));
        html.Append("</dl>");
        html.Append("<h2>Running workflows</h2>");
        html.Append(info.RunningWorkflows.Count == 0
            ? "<p class=\"muted\">None.</p>"
            : "<ul>" + string.Concat(info.RunningWorkflows.Select(w => $"<li>{Html.Link(Html.WorkflowUrl(ns, w.WorkflowId, w.RunId), w.WorkflowId)}</li>")) + "</ul>");
        html.Append("<h2>Recent actions</h2>");
        if (info.RecentActions.Count == 0)
        {
            html.Append("<p class=\"muted\">None yet.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Scheduled</th><th>Started</th><th>Workflow</th><th>Status</th></tr></thead><tbody>");
            foreach (var recent in info.RecentActions.Reverse())
            {
                var run = recent.StartWorkflowResult;
                html.Append("<tr><td>").Append(Html.Time(recent.ScheduleTime)).Append("</td><td>").Append(Html.Time(recent.ActualTime))
                    .Append("</td><td>").Append(run is null ? "" : Html.Link(Html.WorkflowUrl(ns, run.WorkflowId, run.RunId), run.WorkflowId))
                    .Append("</td><td>").Append(Html.StatusBadge(recent.StartWorkflowStatus)).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("<h2>Next actions</h2><ul>");
        html.Append(string.Concat(info.FutureActionTimes.Select(t => $"<li>{Html.Time(t)}</li>")));
        return new UiPage($"Schedule {id}", html.Append("</ul>").ToString());
    }

    private static string ScheduleUrl(string ns, string id) => Html.Url("/schedules", ("namespace", ns), ("id", id));

    private static void Row(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(valueHtml).Append("</dd>");

    private static string StateText(bool paused, string notes) =>
        (paused ? "<span class=\"badge\">Paused</span>" : "Active") + (notes.Length > 0 ? $" — {Html.E(notes)}" : "");

    /// <summary>A one-line reading of a spec: its intervals and calendars, as a person would say them.</summary>
    private static string SpecSummary(ScheduleSpec? spec)
    {
        if (spec is null)
        {
            return "";
        }
        var parts = spec.Interval.Select(i => "every " + Html.Duration(i.Interval.ToTimeSpan())
            + (i.Phase is { } phase && phase.ToTimeSpan() > TimeSpan.Zero ? " offset " + Html.Duration(phase.ToTimeSpan()) : ""))
            .Concat(spec.StructuredCalendar.Select(c => string.IsNullOrEmpty(c.Comment) ? CalendarText(c) : c.Comment));
        var text = string.Join("; ", parts);
        return spec.ExcludeStructuredCalendar.Count > 0 ? $"{text} (with {spec.ExcludeStructuredCalendar.Count} exclusion(s))" : text;
    }

    private static string CalendarText(StructuredCalendarSpec c)
    {
        static string Field(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, string all) =>
            ranges.Any() ? string.Join(",", ranges.Select(r => r.End > r.Start ? $"{r.Start}-{r.End}{(r.Step > 1 ? $"/{r.Step}" : "")}" : $"{r.Start}")) : all;
        return $"sec {Field(c.Second, "*")} min {Field(c.Minute, "*")} hour {Field(c.Hour, "*")} day {Field(c.DayOfMonth, "*")} month {Field(c.Month, "*")} dow {Field(c.DayOfWeek, "*")}" +
            (c.Year.Count > 0 ? $" year {Field(c.Year, "*")}" : "");
    }
}
