using System.Diagnostics;

namespace Release.Tests.Shared;

/// <summary>
/// Runs Debian's Chromium headless on a page and returns what it printed (the DOM with
/// <c>--dump-dom</c>), so tests see what a person's browser would. Chromium is required (CI
/// installs it): a missing browser fails the test, loudly, saying how to get one.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string Executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="url">An http(s) or file URL.</param>
    /// <param name="mode">What to do with it: <c>--dump-dom</c>, or <c>--screenshot=FILE</c> and a window size.</param>
    public static async Task<string> RunAsync(string url, params string[] mode)
    {
        Assert.True(File.Exists(Executable),
            $"Chromium not found at {Executable}: these tests render pages in it. Install it (apt-get install chromium) or set CHROMIUM_PATH.");
        var profile = Path.Combine(Path.GetTempPath(), $"test-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     $"--user-data-dir={profile}", .. mode, url])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Patience);
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
            throw new TimeoutException($"chromium did not render {url} within {Patience.TotalSeconds:0} s");
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
