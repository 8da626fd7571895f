namespace Release.Analytics.Tests.Stats;

/// <summary>
/// Renders a stats page file in headless Chromium with no network: the DOM a person's browser
/// builds, or a screenshot.
/// </summary>
internal static class StatsPageBrowser
{
    public static Task<string> DumpDomAsync(string file) => RunAsync(file, "--dump-dom");

    public static Task ScreenshotAsync(string file, string png, int width, int height) =>
        RunAsync(file, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    // No network: the page must not need one, and a request it made would fail visibly.
    private static Task<string> RunAsync(string file, params string[] mode) =>
        Release.Tests.Shared.HeadlessChromium.RunAsync(new Uri(file).AbsoluteUri, ["--proxy-server=127.0.0.1:9", .. mode]);
}
