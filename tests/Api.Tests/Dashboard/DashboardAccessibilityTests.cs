using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Api.Tests.Dashboard;

/// <summary>
/// axe on the login page, the list and a release page, at laptop and phone sizes: no violation of
/// serious or critical impact, and no Content-Security-Policy complaint in the console. Each page's
/// screenshot is saved (the folder is printed) for a person to look at.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardAccessibilityTests(ApiFixture api, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pages_LoginListAndRelease_HaveNoSeriousOrCriticalAxeViolations()
    {
        var product = DashboardReleases.Unique("dash-a11y");
        var id = await DashboardReleases.StartAsync(api, product, [["fails", "steady"], ["after"]], new { onFailure = "ask" });
        await DashboardReleases.WaitForStatusAsync(api, id, "running");
        output.WriteLine($"screenshots: {BrowserFixture.ScreenshotFolder}");
        var problems = new List<string>();

        foreach (var (size, viewport) in new[] { ("laptop", BrowserFixture.Laptop), ("phone", BrowserFixture.Phone) })
        {
            await using var session = await browser.NewPageAsync(api.BaseUrl, viewport);
            var page = session.Page;

            await page.GotoAsync("/login");
            await page.GetByLabel("API token").FillAsync("rel_000000000000_wrong");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            problems.AddRange(await CheckAsync(session, $"login ({size})", $"login-{size}"));

            await session.LogInAsync(api.AdminToken);
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = product })).ToBeVisibleAsync();
            problems.AddRange(await CheckAsync(session, $"list ({size})", $"list-{size}"));

            await page.GotoAsync($"/releases/{id}");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skip fails" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
            problems.AddRange(await CheckAsync(session, $"release ({size})", null));
            Assert.DoesNotContain(session.Console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }

        using var admin = api.Client(api.AdminToken);
        using var done = await admin.PostAsync(
            new Uri($"/api/v1/releases/{id}/abort", UriKind.Relative), new StringContent("""{"reason":"test over"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(problems.Count == 0, "axe found serious or critical violations:\n" + string.Join('\n', problems));
    }

    internal static async Task<IEnumerable<string>> CheckAsync(BrowserPage session, string what, string? screenshot)
    {
        if (screenshot is not null)
        {
            await session.ScreenshotAsync(screenshot);
        }

        var result = await session.Page.RunAxe();
        Assert.True(result.Passes.Length > 10, $"axe checked almost nothing on {what}: did the page load?");
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{what}: {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
    }
}
