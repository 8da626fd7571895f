using Temporalio.Client;
using Temporalio.Exceptions;
using static DevServer.Tests.WebUiWorkflows;

namespace DevServer.Tests;

/// <summary>
/// The web UI's pages as a person sees them: rendered by headless Chromium, then checked for what one
/// would look for (status, result, failure, links, the filter).
/// </summary>
public sealed class WebUiTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    private static string Section(string dom, string heading)
    {
        var start = dom.IndexOf($"<h2>{heading}</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page has no '{heading}' section");
        var end = dom.IndexOf("<h2>", start + 4, StringComparison.Ordinal);
        return end < 0 ? dom[start..] : dom[start..end];
    }

    [Fact]
    public async Task WorkflowPage_CompletedRun_ShowsCompletedInputResultAndHistory()
    {
        var id = DevServerFixture.NewWorkflowId("ui-done");
        var handle = await ui.Client.StartWorkflowAsync((UiReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput("api", "1.2.3")), new(id, ui.TaskQueue));
        await handle.GetResultAsync();

        var dom = await WebUiBrowser.DumpDomAsync(ui.WorkflowUrl(id));

        Assert.Contains("<span class=\"badge status-completed\">Completed</span>", dom, StringComparison.Ordinal);
        Assert.Contains("UiReleaseWorkflow", dom, StringComparison.Ordinal);
        Assert.Contains(handle.ResultRunId!, dom, StringComparison.Ordinal);
        Assert.Contains(ui.TaskQueue, dom, StringComparison.Ordinal);
        Assert.Contains("\"Version\": \"1.2.3\"", Section(dom, "Input"), StringComparison.Ordinal);
        Assert.Contains("\"Deployed\": true", Section(dom, "Result"), StringComparison.Ordinal);
        var history = Section(dom, "Event history");
        Assert.Contains("WorkflowExecutionStarted", history, StringComparison.Ordinal);
        Assert.Contains("WorkflowExecutionCompleted", history, StringComparison.Ordinal);
        Assert.Contains("<summary>full event</summary>", history, StringComparison.Ordinal);
        Assert.Contains("\"encoding\": \"json/plain\"", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_FailedRun_ShowsFailedAndTheFailureMessage()
    {
        var id = DevServerFixture.NewWorkflowId("ui-failed");
        var handle = await ui.Client.StartWorkflowAsync((UiFailingWorkflow wf) => wf.RunAsync("billing"), new(id, ui.TaskQueue));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var dom = await WebUiBrowser.DumpDomAsync(ui.WorkflowUrl(id));

        Assert.Contains("<span class=\"badge status-failed\">Failed</span>", dom, StringComparison.Ordinal);
        var failure = Section(dom, "Failure");
        Assert.Contains("deploy of billing failed: health check timed out", failure, StringComparison.Ordinal);
        Assert.Contains("DeployFailed", failure, StringComparison.Ordinal);
        Assert.Contains("non-retryable", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_Child_LinksToItsParent_AndParentListsThePendingChild()
    {
        var parentId = DevServerFixture.NewWorkflowId("ui-parent");
        var childId = DevServerFixture.NewWorkflowId("ui-child");
        var parent = await ui.Client.StartWorkflowAsync((UiParentWorkflow wf) => wf.RunAsync(childId), new(parentId, ui.TaskQueue));
        await ChildWorkflowTests.WaitUntilAsync(async () =>
            (await ui.Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = parentId } }))
            .PendingChildren.Any(c => c.RunId.Length > 0));

        var childDom = await WebUiBrowser.DumpDomAsync(ui.WorkflowUrl(childId));
        var parentHref = $"/workflow?namespace=default&amp;workflowId={parentId}&amp;runId={parent.ResultRunId}";
        Assert.Contains($"<a class=\"parent-link\" href=\"{parentHref}\">{parentId}</a>", childDom, StringComparison.Ordinal);

        var parentPage = await ui.Http.GetStringAsync(ui.WorkflowUrl(parentId));
        var children = Section(parentPage, "Child workflows");
        Assert.Contains($"workflowId={childId}", children, StringComparison.Ordinal);
        Assert.Contains("(pending)", children, StringComparison.Ordinal);
        await ui.Client.GetWorkflowHandle<UiChildWorkflow>(childId).SignalAsync(wf => wf.FinishAsync());
        Assert.Equal("child done", await parent.GetResultAsync<string>());
    }

    [Fact]
    public async Task WorkflowPage_RetryingActivity_ShowsAttemptAndLastFailure()
    {
        var id = DevServerFixture.NewWorkflowId("ui-activity");
        await ui.Client.StartWorkflowAsync((UiRetryingActivityWorkflow wf) => wf.RunAsync(), new(id, ui.TaskQueue));
        await ChildWorkflowTests.WaitUntilAsync(async () =>
            (await ui.Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = id } }))
            .PendingActivities.Any(a => a.Attempt == 2));

        var dom = await WebUiBrowser.DumpDomAsync(ui.WorkflowUrl(id));

        Assert.Contains("<span class=\"badge status-running\">Running</span>", dom, StringComparison.Ordinal);
        var activities = Section(dom, "Pending activities");
        Assert.Contains("FlakyDeploy", activities, StringComparison.Ordinal);
        Assert.Contains("<td class=\"attempt\">2 of 5</td>", activities, StringComparison.Ordinal);
        Assert.Contains("CircleCI pipeline 42 failed", activities, StringComparison.Ordinal);
        await ui.Client.GetWorkflowHandle(id).TerminateAsync("test done");
    }

    [Fact]
    public async Task ListPage_ListsWorkflowsWithLinksToTheirPages()
    {
        var id = DevServerFixture.NewWorkflowId("ui-list");
        var handle = await ui.Client.StartWorkflowAsync((UiReleaseWorkflow wf) => wf.RunAsync(new("web", "2.0.0")), new(id, ui.TaskQueue));
        await handle.GetResultAsync();

        var dom = await WebUiBrowser.DumpDomAsync(ui.ListUrl());

        Assert.Contains("<table class=\"workflows\">", dom, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/workflow?namespace=default&amp;workflowId={id}&amp;runId={handle.ResultRunId}\">{id}</a>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPage_Filter_NarrowsTheList()
    {
        var done = DevServerFixture.NewWorkflowId("ui-filter-done");
        var failed = DevServerFixture.NewWorkflowId("ui-filter-failed");
        await (await ui.Client.StartWorkflowAsync((UiReleaseWorkflow wf) => wf.RunAsync(new("web", "2.0.1")), new(done, ui.TaskQueue))).GetResultAsync();
        var failing = await ui.Client.StartWorkflowAsync((UiFailingWorkflow wf) => wf.RunAsync("web"), new(failed, ui.TaskQueue));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => failing.GetResultAsync());

        var dom = await WebUiBrowser.DumpDomAsync(ui.ListUrl("WorkflowType = \"UiFailingWorkflow\" AND ExecutionStatus = \"Failed\""));

        Assert.Contains($">{failed}</a>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain(done, dom, StringComparison.Ordinal);
        Assert.DoesNotContain("badge status-completed", dom, StringComparison.Ordinal);
        Assert.Matches("<p class=\"muted count\">[1-9][0-9]* workflows?</p>", dom);
        Assert.Contains("value=\"WorkflowType = &quot;UiFailingWorkflow&quot; AND ExecutionStatus = &quot;Failed&quot;\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPage_MalformedFilter_ShowsTheServerError()
    {
        var dom = await WebUiBrowser.DumpDomAsync(ui.ListUrl("WorkflowType = AND ("));

        var error = System.Text.RegularExpressions.Regex.Match(dom, "<div class=\"error\" role=\"alert\">([^<]*)</div>");
        Assert.True(error.Success, "the page shows no error message");
        Assert.Contains("invalid query", error.Groups[1].Value, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("position", error.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("value=\"WorkflowType = AND (\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<table class=\"workflows\">", dom, StringComparison.Ordinal);
    }
}
