using System.Text.Json;
using System.Text.RegularExpressions;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>The demo brings its own dev server, simulator and worker: no fixture.</summary>
public sealed partial class DemoTests
{
    [Fact]
    public async Task Demo_RunsReleaseToSuccessAndWritesEcsLog()
    {
        var folder = Path.Combine(Path.GetTempPath(), "starter-tests", $"demo-{Guid.NewGuid():N}");

        var result = await Cli.RunAsync(Cli.Nowhere, "demo", "--time-scale", "0.05", "--log", Path.Combine(folder, "worker.json"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Release Acme Platform 4.2.0-SNAPSHOT succeeded: all 4 stages succeeded", result.Out, StringComparison.Ordinal);
        Assert.Contains("Skipped (version is not a snapshot): acme-expression-language, acme-reporter-api", result.Out, StringComparison.Ordinal);
        var logFile = Assert.Single(Directory.GetFiles(folder, "worker*.json"));
        Assert.Contains($"Worker log (ECS JSON, one line per event; each stage report under stage_report): {logFile}", result.Out, StringComparison.Ordinal);
        var events = File.ReadAllLines(logFile).Select(l => JsonDocument.Parse(l)).ToList();
        var reports = events.Where(e => e.RootElement.TryGetProperty("stage_report", out _)).Select(e => e.RootElement.GetProperty("stage_report")).ToList();
        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.Equal("succeeded", r.GetProperty("outcome").GetString()));
        Assert.Equal(5, reports[2].GetProperty("components").GetArrayLength());
        Assert.DoesNotContain("demo-token", File.ReadAllText(logFile), StringComparison.Ordinal);
        events.ForEach(e => e.Dispose());
    }

    [Fact]
    public async Task DemoFailure_StopsAtFailingStageExit1()
    {
        var result = await Cli.RunAsync(Cli.Nowhere, "demo", "--failure", "--time-scale", "0.05", "--json");

        Assert.True(result.ExitCode == ExitCodes.ReleaseFailed, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("acme-management-api", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var stages = json.RootElement.GetProperty("stages");
        Assert.Equal("failed", stages[2].GetProperty("status").GetString());
        Assert.Equal("not_started", stages[3].GetProperty("status").GetString());
        Assert.True(File.Exists(json.RootElement.GetProperty("log_file").GetString()));
    }

    [Fact]
    public async Task DemoKeep_KeepsWebUiUpUntilCtrlCAndSaysWhereItIs()
    {
        using var demo = new RunningCli(Cli.Nowhere, "demo", "--keep", "--time-scale", "0.05");
        await demo.WaitForAsync("Press Ctrl+C to stop the demo.");
        var link = UiLink().Match(demo.Out);
        Assert.True(link.Success, demo.Out);
        using var http = new HttpClient();

        var page = await http.GetStringAsync(new Uri(link.Value));
        var result = await demo.InterruptAsync();

        Assert.Contains("release-acme-platform-4.2.0-snapshot", page, StringComparison.Ordinal);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.EndsWith("Press Ctrl+C to stop the demo.", result.Out.TrimEnd(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(link.Value)));
    }

    [Fact]
    public async Task DemoKeep_RealProcessGetsSigterm_StopsTheStackAndExits()
    {
        using var demo = new ReleaseProcess(Cli.Nowhere, "demo", "--keep", "--time-scale", "0.05");
        await demo.WaitForAsync(p => p.Out, "Press Ctrl+C to stop the demo.");
        var link = UiLink().Match(demo.Out);
        Assert.True(link.Success, demo.Out);

        demo.Terminate();
        var result = await demo.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var http = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(link.Value)));
    }

    [GeneratedRegex(@"(?<=Open the release in the web UI: )http://\S+")]
    private static partial Regex UiLink();
}
