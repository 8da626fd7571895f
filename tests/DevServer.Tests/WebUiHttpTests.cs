using System.Net;
using Temporalio.Client;
using Temporalio.Common;
using static DevServer.Tests.WebUiWorkflows;

namespace DevServer.Tests;

/// <summary>Details of the web UI checked over plain HTTP: encoding, payload kinds, errors, namespaces, paging.</summary>
public sealed class WebUiHttpTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    // Runs nobody works on: their pages show the start as the server recorded it.
    private static string IdleQueue => DevServerFixture.NewTaskQueue();

    [Fact]
    public async Task WorkflowPage_HostileIdTypeAndInput_AreShownAsText()
    {
        var id = $"<script>alert('id')</script>-{Guid.NewGuid():N}";
        await ui.Client.StartWorkflowAsync("Evil<b>Type</b>", ["<img src=x onerror=alert(1)>"], new(id, IdleQueue));

        using var response = await ui.Http.GetAsync(ui.WorkflowUrl(id));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Type", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;id&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&lt;img src=x onerror=alert(1)&gt;&quot;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemporalUiLink_OpensTheWorkflowPage()
    {
        var id = DevServerFixture.NewWorkflowId("ui-link");
        await ui.Client.StartWorkflowAsync("LinkedFromTheCli", ["x"], new(id, IdleQueue));

        var html = await ui.Http.GetStringAsync($"{ui.UiAddress}/namespaces/default/workflows/{Uri.EscapeDataString(id)}");

        Assert.Contains("LinkedFromTheCli", html, StringComparison.Ordinal);
        Assert.Contains(id, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_BinaryInput_ShowsSizeAndEncoding()
    {
        var id = DevServerFixture.NewWorkflowId("ui-binary");
        await ui.Client.StartWorkflowAsync("BinaryInput", [new byte[] { 1, 2, 3, 4, 5 }], new(id, IdleQueue));

        var html = await ui.Http.GetStringAsync(ui.WorkflowUrl(id));

        Assert.Contains("<pre class=\"payload\">5 bytes, binary/plain</pre>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_MemoAndSearchAttributes_AreShown()
    {
        var id = DevServerFixture.NewWorkflowId("ui-memo");
        await ui.Client.Connection.OperatorService.AddSearchAttributesAsync(new()
        {
            Namespace = "default",
            SearchAttributes = { ["UiEnvironment"] = Temporalio.Api.Enums.V1.IndexedValueType.Keyword },
        });
        await ui.Client.StartWorkflowAsync("WithMemo", [], new(id, IdleQueue)
        {
            Memo = new Dictionary<string, object> { ["owner"] = "release-team" },
            TypedSearchAttributes = new SearchAttributeCollection.Builder()
                .Set(SearchAttributeKey.CreateKeyword("UiEnvironment"), "blue-green").ToSearchAttributeCollection(),
        });

        var html = await ui.Http.GetStringAsync(ui.WorkflowUrl(id));

        Assert.Contains("<tr><th>owner</th><td><pre class=\"payload\">&quot;release-team&quot;</pre></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>UiEnvironment</th><td><pre class=\"payload\">&quot;blue-green&quot;</pre></td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_UnknownWorkflow_Is404WithTheServersMessage()
    {
        using var response = await ui.Http.GetAsync(ui.WorkflowUrl(DevServerFixture.NewWorkflowId("ui-missing")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<div class=\"error\" role=\"alert\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_NoWorkflowId_Is400WithWhatToDo()
    {
        using var response = await ui.Http.GetAsync("/workflow");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No workflow id given", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_Namespace_ComesFromTheQueryString()
    {
        var id = DevServerFixture.NewWorkflowId("ui-ns");
        var other = await TemporalClient.ConnectAsync(new(ui.Client.Connection.Options.TargetHost!) { Namespace = WebUiFixture.OtherNamespace });
        await other.StartWorkflowAsync("InOtherNamespace", [], new(id, IdleQueue));

        using var inOther = await ui.Http.GetAsync(ui.WorkflowUrl(id, ns: WebUiFixture.OtherNamespace));
        using var inDefault = await ui.Http.GetAsync(ui.WorkflowUrl(id));

        Assert.Equal(HttpStatusCode.OK, inOther.StatusCode);
        var html = await inOther.Content.ReadAsStringAsync();
        Assert.Contains("InOtherNamespace", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{WebUiFixture.OtherNamespace}\" selected>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"default\">", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, inDefault.StatusCode);
    }

    [Fact]
    public async Task WorkflowPage_HeartbeatingActivity_ShowsHeartbeatDetails()
    {
        var id = DevServerFixture.NewWorkflowId("ui-heartbeat");
        await ui.Client.StartWorkflowAsync((UiHeartbeatWorkflow wf) => wf.RunAsync(), new(id, ui.TaskQueue));
        await ChildWorkflowTests.WaitUntilAsync(async () =>
            (await ui.Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = id } }))
            .PendingActivities.Any(a => a.HeartbeatDetails?.Payloads_.Count > 0));

        var html = await ui.Http.GetStringAsync(ui.WorkflowUrl(id));

        var activities = html[html.IndexOf("<h2>Pending activities</h2>", StringComparison.Ordinal)..];
        Assert.Contains("UploadArtifacts", activities, StringComparison.Ordinal);
        Assert.Contains("<td>Started</td>", activities, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"payload\">&quot;uploaded 3 of 7 artifacts&quot;</pre>", activities, StringComparison.Ordinal);
        await ui.Client.GetWorkflowHandle(id).TerminateAsync("test done");
    }

    [Fact]
    public async Task WorkflowPage_ContinuedAsNew_LinksTheRunsOfTheId()
    {
        var id = DevServerFixture.NewWorkflowId("ui-countdown");
        var handle = await ui.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(1, ""), new(id, ui.TaskQueue));
        Assert.Equal("1,done", await handle.GetResultAsync<string>());
        var lastRun = (await ui.Client.GetWorkflowHandle(id).DescribeAsync()).RunId;

        var first = await ui.Http.GetStringAsync(ui.WorkflowUrl(id, handle.FirstExecutionRunId));
        var last = await ui.Http.GetStringAsync(ui.WorkflowUrl(id));

        Assert.Contains("<span class=\"badge status-continuedasnew\">Continued as new</span>", first, StringComparison.Ordinal);
        Assert.Contains($"<dt>Next run</dt><dd><a href=\"/workflow?namespace=default&amp;workflowId={id}&amp;runId={lastRun}\">", first, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge status-completed\">Completed</span>", last, StringComparison.Ordinal);
        Assert.Contains($"<dt>Previous run</dt><dd><a href=\"/workflow?namespace=default&amp;workflowId={id}&amp;runId={handle.FirstExecutionRunId}\">", last, StringComparison.Ordinal);
        Assert.Contains("<dt>Other runs</dt>", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPage_Pages_FollowTheNextLink()
    {
        foreach (var component in new[] { "a", "b" })
        {
            await (await ui.Client.StartWorkflowAsync((UiReleaseWorkflow wf) => wf.RunAsync(new(component, "3.0.0")),
                new(DevServerFixture.NewWorkflowId("ui-page"), ui.TaskQueue))).GetResultAsync();
        }
        var firstPage = await ui.Http.GetStringAsync(ui.ListUrl("WorkflowType = \"UiReleaseWorkflow\"") + "&pageSize=1");
        var next = System.Text.RegularExpressions.Regex.Match(firstPage, "<a class=\"next-page\" href=\"([^\"]+)\"");
        Assert.True(next.Success, "the first page of one row has no next-page link");

        var secondPage = await ui.Http.GetStringAsync(WebUtility.HtmlDecode(next.Groups[1].Value));

        var firstId = FirstWorkflowId(firstPage);
        var secondId = FirstWorkflowId(secondPage);
        Assert.NotEqual(firstId, secondId);
        Assert.Contains("« First page", secondPage, StringComparison.Ordinal);
    }

    private static string FirstWorkflowId(string listPage)
    {
        var match = System.Text.RegularExpressions.Regex.Match(listPage, "<td class=\"id\"><a href=\"[^\"]+\">([^<]+)</a>");
        Assert.True(match.Success, "the list page shows no workflow");
        return match.Groups[1].Value;
    }
}
