using System.Diagnostics;

namespace Release.Analytics.Tests.Stats;

/// <summary>
/// Renders a file in headless Chromium, as tests/DevServer.Tests/WebUiBrowser.cs does for the web
/// UI: the DOM a person's browser builds, or a screenshot. A missing browser fails the test loudly.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string Executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static Task<string> DumpDomAsync(string file) => RunAsync(file, "--dump-dom");

    public static Task ScreenshotAsync(string file, string png, int width, int height) =>
        RunAsync(file, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static async Task<string> RunAsync(string file, params string[] mode)
    {
        Assert.True(File.Exists(Executable), $"Chromium not found at {Executable}: the stats page tests render it. Install it (apt-get install chromium) or set CHROMIUM_PATH.");
        var profile = Path.Combine(Path.GetTempPath(), $"stats-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // No network: the page must not need one, and a request it made would fail visibly.
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--proxy-server=127.0.0.1:9", $"--user-data-dir={profile}", .. mode, new Uri(file).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode} for {file}: {await error}");
            return await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not render {file} within 60 s");
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be letting go of its profile; a leftover temp directory is harmless.
            }
        }
    }
}
