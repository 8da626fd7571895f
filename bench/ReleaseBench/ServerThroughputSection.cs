using System.Diagnostics;
using System.Text.Json;

namespace Release.ReleaseBench;

/// <summary>
/// Goal 5: the dev server's own throughput, measured by bench/DevServerBench (workflows with one
/// activity each), in memory and with --db-filename, each in its own process.
/// </summary>
internal static class ServerThroughputSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, TextWriter log)
    {
        var figures = new List<Figure>();
        var raw = new Dictionary<string, JsonElement>();
        var database = Path.Combine(Path.GetTempPath(), $"release-bench-{Guid.NewGuid():N}.db");
        foreach (var (label, extra) in new[] { ("in memory", Array.Empty<string>()), ("with --db-filename", ["--db-filename", database]) })
        {
            var json = Path.Combine(Path.GetTempPath(), $"devserver-bench-{Guid.NewGuid():N}.json");
            string[] args = ["--workflows", options.ServerWorkflows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--runs", "3", "--json", json, .. extra];
            var (exit, output) = await RunDevServerBenchAsync(args);
            if (exit != 0 || !File.Exists(json))
            {
                log.WriteLine($"  dev server {label}: not measured (exit {exit}): {output.Trim().Split('\n').LastOrDefault()}");
                continue;
            }

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var summary = document.RootElement.GetProperty("summary");
            raw[label] = document.RootElement.Clone();
            figures.Add(new Figure(
                $"5. dev server throughput, {label}",
                "wf/s",
                summary.GetProperty("medianPerSecond").GetDouble(),
                summary.GetProperty("minPerSecond").GetDouble(),
                summary.GetProperty("maxPerSecond").GetDouble(),
                3));
            log.WriteLine($"  dev server {label}: median {summary.GetProperty("medianPerSecond").GetDouble():F0} workflows/s");
            File.Delete(json);
        }

        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }

        return (figures, raw);
    }

    private static async Task<(int Exit, string Output)> RunDevServerBenchAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SolutionPaths.BuiltAssembly("bench/DevServerBench", "Release.DevServerBench"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
