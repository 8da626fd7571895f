using Microsoft.Playwright;

namespace Api.Tests.Dashboard;

/// <summary>Logging in with an API token in a real browser: a bad token is refused in one line, a good one lands on the list.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardLoginTests(ApiFixture api, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Login_BadTokenThenGoodToken_RefusesThenLandsOnTheListWithAnHttpOnlyStrictCookie()
    {
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;

        var first = await page.GotoAsync("/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.Equal(200, first!.Status);

        await page.GetByLabel("API token").FillAsync("rel_000000000000_not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token was not accepted: check it, or ask an admin for a new one.");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "release_session");

        await page.GetByLabel("API token").FillAsync(api.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Releases", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Signed in as token:admin")).ToBeVisibleAsync();

        var cookie = Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "release_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.False(cookie.Secure, "served over plain HTTP here, so not Secure (it is over HTTPS)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "release_session");
    }

    [Fact]
    public async Task Login_AfterARedirect_GoesBackToThePageAsked()
    {
        await using var session = await browser.NewPageAsync(api.BaseUrl);
        var page = session.Page;

        await page.GotoAsync("/?status=failed");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("API token").FillAsync(api.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == "/?status=failed");
        await Assertions.Expect(page.GetByLabel("Status")).ToHaveValueAsync("failed");
    }
}
