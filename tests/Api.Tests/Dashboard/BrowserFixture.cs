using Microsoft.Playwright;

namespace Api.Tests.Dashboard;

/// <summary>
/// Playwright driving Debian's Chromium (no browser download: <c>/usr/bin/chromium</c>, or
/// <c>CHROMIUM_PATH</c>), headless, once per test class. A missing Chromium fails loudly, saying how to get one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string Executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Where the screenshots go; the tests print it.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(Path.GetTempPath(), "release-dashboard-screenshots");

    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable),
            $"Chromium not found at {Executable}: the dashboard tests drive it with Playwright. Install it (apt-get install chromium) or set CHROMIUM_PATH.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);

        // Playwright's 5 s default is tuned for a quiet laptop; in CI the browser shares two cores with
        // the dev server, the worker and the simulator, so a page that is on its way can take longer.
        // Waiting longer for a condition that does arrive costs nothing when it arrives early.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A fresh context (no cookies) and page at <paramref name="viewport"/>, recording what the console says.</summary>
    public async Task<BrowserPage> NewPageAsync(Uri baseUrl, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = viewport ?? Laptop });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            lock (console)
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (console)
            {
                console.Add($"pageerror: {error}");
            }
        };
        return new BrowserPage(context, page, console);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>One browser context and its page; what its console said, for the CSP checks.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, List<string> console) : IAsyncDisposable
{
    public IPage Page => page;

    public IBrowserContext Context => context;

    public IReadOnlyList<string> Console
    {
        get
        {
            lock (console)
            {
                return [.. console];
            }
        }
    }

    /// <summary>Logs in through the form, as a person would, and waits for the page it lands on.</summary>
    public async Task LogInAsync(string token, string landing = "/")
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == landing, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (TimeoutException e)
        {
            // Say where the browser is and what the page says, so a failure here tells why.
            var said = await page.Locator("[role=alert], .notice, h1").AllInnerTextsAsync();
            throw new TimeoutException($"login did not land on {landing}: the browser is at {page.Url}, the page says [{string.Join(" | ", said)}]; console: [{string.Join(" | ", Console)}]", e);
        }
    }

    /// <summary>A full-page screenshot in <see cref="BrowserFixture.ScreenshotFolder"/>; its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
