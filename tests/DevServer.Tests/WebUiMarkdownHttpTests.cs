using Temporalio.Client;
using Temporalio.Common;

namespace DevServer.Tests;

/// <summary>
/// The Markdown a workflow puts in its summary and details is user data: over plain HTTP, check that
/// what it may use comes out as markup and that scripts, script links and attribute injection stay inert text.
/// </summary>
public sealed class WebUiMarkdownHttpTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    // Runs nobody works on: the page shows their static metadata as the server recorded it.
    private static string IdleQueue => DevServerFixture.NewTaskQueue();

    private async Task<string> DetailsSectionAsync(string summary, string details)
    {
        var id = DevServerFixture.NewWorkflowId("ui-md");
        await ui.Client.StartWorkflowAsync("WithDetails", [], new(id, IdleQueue) { StaticSummary = summary, StaticDetails = details });
        var html = await ui.Http.GetStringAsync(ui.WorkflowUrl(id));
        var start = html.IndexOf("<h2>Summary and details</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page has no summary and details section");
        return html[start..html.IndexOf("<h2>Input</h2>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Details_ScriptTag_IsEscapedText()
    {
        var section = await DetailsSectionAsync("<script>alert('s')</script>", "before <script>alert(1)</script> after");

        Assert.DoesNotContain("<script", section, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;s&#x27;)&lt;/script&gt;", section, StringComparison.Ordinal);
        Assert.Contains("<p>before &lt;script&gt;alert(1)&lt;/script&gt; after</p>", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_JavascriptLink_IsNotALink_AndAnHttpsLinkIs()
    {
        var section = await DetailsSectionAsync("links", "[click](javascript:alert(1)) [data](data:text/html,x) [ci](https://ci.example/p/1)");

        var hrefs = System.Text.RegularExpressions.Regex.Matches(section, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["https://ci.example/p/1"], hrefs);
        Assert.Contains("<p>click data <a href=\"https://ci.example/p/1\" rel=\"noopener noreferrer\">ci</a></p>", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_AttributeInjectionInATableCell_StaysInsideTheCell()
    {
        var details = """
            | Component | Pipeline |
            |---|---|
            | <td onmouseover=alert(1)> | [#1](https://ci.example/x" onclick="alert(1)) |
            | "><img src=x onerror=alert(2)> | [#2](https://ci.example/y"onclick="alert(2)) |
            """;

        var section = await DetailsSectionAsync("table", details);

        Assert.Contains("<table class=\"md\"><thead><tr><th>Component</th><th>Pipeline</th></tr></thead>", section, StringComparison.Ordinal);
        Assert.Contains("<td>&lt;td onmouseover=alert(1)&gt;</td>", section, StringComparison.Ordinal);
        Assert.Contains("<td>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</td>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", section, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick=\"", section, StringComparison.Ordinal);
        Assert.DoesNotContain(" onclick=", section, StringComparison.Ordinal);
        // Every tag in the section is one the renderer writes itself.
        var tags = System.Text.RegularExpressions.Regex.Matches(section, "<([a-z0-9]+)").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Subset(new HashSet<string> { "h2", "h3", "div", "p", "br", "strong", "code", "a", "table", "thead", "tbody", "tr", "th", "td" }, tags);
    }

    [Fact]
    public async Task ListPage_ShowsReleaseStatus_WhenTheRunHasIt()
    {
        await ui.Client.Connection.OperatorService.AddSearchAttributesAsync(new()
        {
            Namespace = "default",
            SearchAttributes = { ["ReleaseStatus"] = Temporalio.Api.Enums.V1.IndexedValueType.Keyword },
        });
        var id = DevServerFixture.NewWorkflowId("ui-release-status");
        await ui.Client.StartWorkflowAsync("WithReleaseStatus", [], new(id, IdleQueue)
        {
            StaticSummary = "Release acme 1.0.0-SNAPSHOT",
            TypedSearchAttributes = new SearchAttributeCollection.Builder()
                .Set(SearchAttributeKey.CreateKeyword("ReleaseStatus"), "WaitingForApproval").ToSearchAttributeCollection(),
        });

        var html = await ui.Http.GetStringAsync(ui.ListUrl($"WorkflowId = \"{id}\""));

        Assert.Contains("<th>Release status</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"workflow-summary\">Release acme 1.0.0-SNAPSHOT</td><td class=\"release-status\">WaitingForApproval</td>", html, StringComparison.Ordinal);
    }
}
