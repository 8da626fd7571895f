using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Api.Tests.Dashboard;

/// <summary>
/// A release page in a real browser: the grid follows the release live (the event stream, no
/// reload), and decisions and approvals are answered with its buttons, recorded as the signed-in caller.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardReleaseTests(ApiFixture api, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string AllSucceeded = "n => document.querySelectorAll('.cell[data-status=\"succeeded\"]').length === n";

    [Fact]
    public async Task ReleasePage_ReleaseRuns_GridShowsEveryComponentSucceededWithoutAReload()
    {
        var product = DashboardReleases.Unique("dash-live");
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;
        await session.LogInAsync(api.AdminToken);

        var id = await DashboardReleases.StartAsync(api, product, [["alpha", "beta"], ["gamma"], ["delta"]]);
        await page.GotoAsync($"/releases/{id}");
        Assert.True(await page.Locator(".cell[data-status=\"succeeded\"]").CountAsync() < 4, "the release had already ended when its page opened; the test would not show live updates");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await page.WaitForFunctionAsync(AllSucceeded, 4, new() { Timeout = 90_000 });

        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded: the grid must follow the stream in place");
        await Assertions.Expect(page.Locator("#live .state .status")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the report (JSON)" })).ToBeVisibleAsync();
        foreach (var cell in await page.Locator(".cell").AllAsync())
        {
            await Assertions.Expect(cell.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new Regex("^http"));
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the report (JSON)" }).ClickAsync());
        Assert.Equal($"{id}-report.json", download.SuggestedFilename);
        Assert.DoesNotContain(session.Console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.StartsWith("error", StringComparison.Ordinal));

        output.WriteLine($"screenshots: {BrowserFixture.ScreenshotFolder}");
        await session.ScreenshotAsync("release-succeeded-laptop");
        await page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        await session.ScreenshotAsync("release-succeeded-phone");
    }

    [Fact]
    public async Task ReleasePage_ComponentFails_SkipFromThePageMovesTheReleaseOnAndRecordsTheCaller()
    {
        var product = DashboardReleases.Unique("dash-decide");
        var operate = api.CreateToken("alice", ["operate"]);
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;
        await session.LogInAsync(operate);

        var id = await DashboardReleases.StartAsync(api, product, [["fails", "steady"], ["after"]], new { onFailure = "ask" });
        await page.GotoAsync($"/releases/{id}");
        var skip = page.GetByRole(AriaRole.Button, new() { Name = "Skip fails" });
        await Assertions.Expect(skip).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Component fails failed" })).ToBeVisibleAsync();
        // Why it failed, before deciding: the failing step's output tail, read while the release waits.
        var waiting = page.Locator(".waiting");
        await Assertions.Expect(waiting.GetByText("fails: job unit-tests failed at step \"unit-tests\", exit code 1")).ToBeVisibleAsync();
        await Assertions.Expect(waiting.Locator(".output pre")).ToContainTextAsync("Exited with code exit status 1");
        Assert.DoesNotContain("CCIPAT_", await waiting.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(waiting.GetByRole(AriaRole.Link, new() { Name = "Pipeline #" }))
            .ToHaveAttributeAsync("href", new Regex("^https://app\\.circleci\\.com/pipelines/gh/acme/fails/\\d+$"));

        // While the release waits, both pipelines of the stage have ended: each cell shows how long it ran.
        var steady = page.Locator(".cell[data-component=\"steady\"]");
        await Assertions.Expect(steady).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(steady.Locator(".elapsed")).ToHaveTextAsync(new Regex(@"^\d+ (s|min \d\d s)$"));
        await Assertions.Expect(page.Locator(".cell[data-component=\"fails\"] .elapsed")).ToHaveTextAsync(new Regex(@"^\d+ (s|min \d\d s)$"));

        output.WriteLine($"screenshots: {BrowserFixture.ScreenshotFolder}");
        await session.ScreenshotAsync("release-waiting-decision-laptop");
        await page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        await session.ScreenshotAsync("release-waiting-decision-phone");
        await page.SetViewportSizeAsync(BrowserFixture.Laptop.Width, BrowserFixture.Laptop.Height);

        await page.GetByLabel("Reason (recorded)").First.FillAsync("known flaky suite, released by hand");
        await skip.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("fails");
        await page.WaitForFunctionAsync("() => document.querySelector('.cell[data-component=\"after\"]')?.dataset.status === 'succeeded'", null, new() { Timeout = 90_000 });
        var detail = await DashboardReleases.WaitForStatusAsync(api, id, "succeeded");
        var action = Assert.Single(detail.GetProperty("actions").EnumerateArray());
        Assert.Equal("skip", action.GetProperty("kind").GetString());
        Assert.Equal("token:alice", action.GetProperty("by").GetString());
        Assert.Equal("known flaky suite, released by hand", action.GetProperty("reason").GetString());
        await Assertions.Expect(page.Locator(".history")).ToContainTextAsync("by token:alice: known flaky suite, released by hand", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task ReleasePage_FailedAndAbortedFromThePage_ShowsTheFailedStepOutputTail()
    {
        var product = DashboardReleases.Unique("dash-abort");
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;
        await session.LogInAsync(api.AdminToken);

        var id = await DashboardReleases.StartAsync(api, product, [["fails"]], new { onFailure = "ask" });
        await page.GotoAsync($"/releases/{id}");
        var abort = page.Locator(".waiting").GetByRole(AriaRole.Button, new() { Name = "Abort the release" });
        await Assertions.Expect(abort).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await abort.ClickAsync();

        await DashboardReleases.WaitForStatusAsync(api, id, "aborted");
        // The failed step's output is read from the release's report, which the worker stores just
        // after the status turns: on a loaded machine the first load can come before it.
        var output = page.Locator(".output");
        await page.GotoAsync($"/releases/{id}");
        for (var loads = 1; await output.CountAsync() == 0 && loads < 60; loads++)
        {
            await page.WaitForTimeoutAsync(1_000);
            await page.ReloadAsync();
        }

        await Assertions.Expect(output.GetByText("fails: job unit-tests failed at step \"unit-tests\", exit code 1")).ToBeVisibleAsync();
        await Assertions.Expect(output.Locator("pre")).ToContainTextAsync("Exited with code exit status 1");
        Assert.DoesNotContain("CCIPAT_", await output.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasePage_StageGate_ApproveFromThePageStartsTheStage()
    {
        var product = DashboardReleases.Unique("dash-gate");
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;
        await session.LogInAsync(api.AdminToken);

        var id = await DashboardReleases.StartAsync(api, product, [["one"], ["two"]], new { approveBeforeStages = new[] { 2 } });
        await page.GotoAsync($"/releases/{id}");
        var approve = page.GetByRole(AriaRole.Button, new() { Name = "Approve stage 2" });
        await Assertions.Expect(approve).ToBeVisibleAsync(new() { Timeout = 90_000 });
        Assert.Equal("running", (await DashboardReleases.DetailAsync(api, id)).GetProperty("status").GetString());

        await approve.ClickAsync();

        await page.WaitForFunctionAsync(AllSucceeded, 2, new() { Timeout = 90_000 });
        var detail = await DashboardReleases.WaitForStatusAsync(api, id, "succeeded");
        var action = Assert.Single(detail.GetProperty("actions").EnumerateArray());
        Assert.Equal("approve", action.GetProperty("kind").GetString());
        Assert.Equal("token:admin", action.GetProperty("by").GetString());
    }
}
