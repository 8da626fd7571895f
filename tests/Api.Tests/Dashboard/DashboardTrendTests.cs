using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Release.Analytics.Store;
using Xunit.Abstractions;

namespace Api.Tests.Dashboard;

/// <summary>
/// A release page's duration trends, from the analytics store the collector fills: per component,
/// its project's successful pipelines of the last 30 days (a failed one does not count), and a
/// component whose project has no history says so.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardTrendTests(ApiFixture api, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ReleasePage_WithCollectedHistory_ShowsEachComponentsDurationTrend()
    {
        var product = DashboardReleases.Unique("dash-trend");
        var known = $"{product}-known";
        var unknown = $"{product}-new";
        // Five good pipelines of 60 to 100 s over the last days (median 80 s), and a failed one of 10 min that must not count.
        var now = DateTimeOffset.UtcNow;
        var durations = new[] { 70, 60, 90, 100, 80 };
        for (var i = 0; i < durations.Length; i++)
        {
            await AddPipelineAsync($"gh/acme/{known}", i + 1, now.AddDays(-5 + i), TimeSpan.FromSeconds(durations[i]), "success");
        }

        await AddPipelineAsync($"gh/acme/{known}", 6, now.AddHours(-2), TimeSpan.FromMinutes(10), "failed");

        var id = await DashboardReleases.StartAsync(api, product, [[known, unknown]]);
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;
        await session.LogInAsync(api.AdminToken);
        await page.GotoAsync($"/releases/{id}");

        var trends = page.GetByRole(AriaRole.Region, new() { Name = "Duration trends" });
        var row = trends.Locator($"tr[data-component=\"{known}\"]");
        await Assertions.Expect(row.Locator("td[data-label=Pipelines]")).ToHaveTextAsync("5");
        await Assertions.Expect(row.Locator("td[data-label=Median]")).ToHaveTextAsync("1 min 20 s");
        await Assertions.Expect(row.Locator("td[data-label=Latest]")).ToHaveTextAsync("1 min 20 s");
        await Assertions.Expect(row.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new Regex($"^{Regex.Escape(known)}: 5 pipelines from 1 min 00 s to 1 min 40 s, latest 1 min 20 s$"));
        Assert.Equal(5, (await row.Locator("polyline").GetAttributeAsync("points"))!.Split(' ').Length);
        await Assertions.Expect(trends.Locator($"tr[data-component=\"{unknown}\"]")).ToContainTextAsync("none in the window");

        output.WriteLine($"screenshots: {BrowserFixture.ScreenshotFolder}");
        var problems = (await DashboardAccessibilityTests.CheckAsync(session, "release with trends (laptop)", "release-trends-laptop")).ToList();
        await page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        problems.AddRange(await DashboardAccessibilityTests.CheckAsync(session, "release with trends (phone)", "release-trends-phone"));
        Assert.True(problems.Count == 0, "axe found serious or critical violations:\n" + string.Join('\n', problems));
        Assert.DoesNotContain(session.Console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await DashboardReleases.WaitForStatusAsync(api, id, "succeeded");
    }

    private async Task AddPipelineAsync(string slug, int number, DateTimeOffset created, TimeSpan took, string status)
    {
        var id = $"{slug}-{number}";
        await api.Analytics.UpsertPipelineAsync(new StoredPipeline(id, slug, number, "created", created, Branch: "main"));
        await api.Analytics.UpsertWorkflowAsync(new StoredWorkflow($"{id}-build", id, slug, "build", status, created, created + took));
    }
}
