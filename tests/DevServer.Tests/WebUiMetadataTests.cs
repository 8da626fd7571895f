using Temporalio.Client;
using Temporalio.Exceptions;
using static DevServer.Tests.WebUiMetadataWorkflows;
using static DevServer.Tests.WebUiWorkflows;

namespace DevServer.Tests;

/// <summary>
/// User metadata in the web UI, rendered by headless Chromium: the current details a running workflow
/// reports (a Markdown table with a link), activity summaries in the history, and a failed run red in the list.
/// </summary>
public sealed class WebUiMetadataTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    [Fact]
    public async Task WorkflowPage_RunningWorkflow_ShowsCurrentDetailsTableWithLinkBeforeTheInput()
    {
        var id = DevServerFixture.NewWorkflowId("ui-current");
        var handle = await ui.Client.StartWorkflowAsync((UiCurrentDetailsWorkflow wf) => wf.RunAsync(),
            new(id, ui.TaskQueue) { StaticSummary = "Release acme 1.0.0-SNAPSHOT", StaticDetails = "Components: **b1**" });
        // The activity's completion is in the history once the workflow has moved on to waiting.
        await ChildWorkflowTests.WaitUntilAsync(async () =>
            (await handle.FetchHistoryAsync()).Events.Any(e => e.ActivityTaskCompletedEventAttributes is not null));

        var dom = await WebUiBrowser.DumpDomAsync(ui.WorkflowUrl(id));

        var metadata = dom.IndexOf("<h2>Summary and details</h2>", StringComparison.Ordinal);
        var input = dom.IndexOf("<h2>Input</h2>", StringComparison.Ordinal);
        Assert.True(metadata >= 0 && metadata < input, "the summary and details do not come before the input");
        var section = dom[metadata..input];
        Assert.Contains("Release acme 1.0.0-SNAPSHOT", section, StringComparison.Ordinal);
        Assert.Contains("Components: <strong>b1</strong>", section, StringComparison.Ordinal);
        Assert.Contains("<div class=\"current-details\">", section, StringComparison.Ordinal);
        Assert.Contains("<strong>Release acme 1.0.0</strong>: Running", section, StringComparison.Ordinal);
        Assert.Contains("<th>Component</th>", section, StringComparison.Ordinal);
        Assert.Contains("<td>b1</td><td>Running</td>", section, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://app.circleci.com/pipelines/gh/acme/b1/12\" rel=\"noopener noreferrer\">#12</a>", section, StringComparison.Ordinal);
        var history = dom[dom.IndexOf("<h2>Event history</h2>", StringComparison.Ordinal)..];
        Assert.Contains($"<span class=\"event-summary\"><b>summary</b> {ActivitySummary}</span>", history, StringComparison.Ordinal);

        await handle.SignalAsync(wf => wf.FinishAsync());
        await handle.GetResultAsync();
    }

    [Fact]
    public async Task ListPage_ShowsTheSummary_AndAFailedRunInRed()
    {
        var failed = DevServerFixture.NewWorkflowId("ui-meta-failed");
        var failing = await ui.Client.StartWorkflowAsync((UiFailingWorkflow wf) => wf.RunAsync("b1"),
            new(failed, ui.TaskQueue) { StaticSummary = "b1 1.0.0-SNAPSHOT on main" });
        await Assert.ThrowsAsync<WorkflowFailedException>(() => failing.GetResultAsync());

        var dom = await WebUiBrowser.DumpDomAsync(ui.ListUrl($"WorkflowId = \"{failed}\""));

        var row = System.Text.RegularExpressions.Regex.Match(dom, $"<tr>(?:(?!</tr>).)*>{failed}</a>(?:(?!</tr>).)*</tr>");
        Assert.True(row.Success, "the failed run is not in the list");
        Assert.Contains("<span class=\"badge status-failed\">Failed</span>", row.Value, StringComparison.Ordinal);
        Assert.Contains("<td class=\"workflow-summary\">b1 1.0.0-SNAPSHOT on main</td>", row.Value, StringComparison.Ordinal);
        Assert.Contains("<th>Summary</th>", dom, StringComparison.Ordinal);
        // Red is the stylesheet's colour for the failed badge.
        Assert.Contains(".status-failed { background: #cf222e; }", dom, StringComparison.Ordinal);
    }
}
