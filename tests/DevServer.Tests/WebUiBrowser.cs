namespace DevServer.Tests;

/// <summary>
/// Renders a page in headless Chromium and returns the DOM it built, so tests see what a person's
/// browser would. Chromium is required (CI installs it): a missing browser fails the test, loudly.
/// Set WEBUI_SCREENSHOT_DIR to also save a PNG of every page rendered (for looking at the layout).
/// </summary>
internal static class WebUiBrowser
{
    public static async Task<string> DumpDomAsync(string url)
    {
        var dom = await RunAsync(url, "--dump-dom");
        if (Environment.GetEnvironmentVariable("WEBUI_SCREENSHOT_DIR") is { Length: > 0 } directory)
        {
            var file = Path.Combine(directory, $"webui-{DateTime.UtcNow:HHmmss-fff}.png");
            await RunAsync(url, $"--screenshot={file}", "--window-size=1280,1400");
        }
        return dom;
    }

    private static Task<string> RunAsync(string url, params string[] mode) => HeadlessChromium.RunAsync(url, mode);
}
