using System.Diagnostics;

namespace DevServer.Tests;

/// <summary>
/// Renders a page in headless Chromium and returns the DOM it built, so tests see what a person's
/// browser would. Chromium is required (CI installs it): a missing browser fails the test, loudly.
/// Set WEBUI_SCREENSHOT_DIR to also save a PNG of every page rendered (for looking at the layout).
/// </summary>
internal static class WebUiBrowser
{
    private static readonly string Executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

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

    private static async Task<string> RunAsync(string url, params string[] mode)
    {
        Assert.True(File.Exists(Executable),
            $"Chromium not found at {Executable}: the web UI tests render pages in it. Install it (apt-get install chromium) or set CHROMIUM_PATH.");
        var profile = Path.Combine(Path.GetTempPath(), $"webui-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     $"--user-data-dir={profile}", .. mode, url])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode} for {url}: {await error}");
            return await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not render {url} within 30 s");
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
