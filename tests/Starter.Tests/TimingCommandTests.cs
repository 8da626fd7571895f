using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary><c>release timing</c> on real releases of the suite's dev server, worker and simulator.</summary>
[Collection(StarterCollection.Name)]
public sealed class TimingCommandTests(StarterFixture fixture)
{
    [Fact]
    public async Task Timing_FailedThenResumed_CountsBothRunsTheLostRunAndTheCriticalPath()
    {
        // flaky-* fails its first pipeline and passes the next: run 1 fails, the resume succeeds.
        var (path, workflowId) = Manifests.Write(["timed-a", "flaky-timed"], ["timed-b"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", "0.1");
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());
        var resume = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--reason", "flaked", "--wait");
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());

        var json = await Cli.RunAsync(fixture.Environment, "timing", workflowId, "--json");
        var text = await Cli.RunAsync(fixture.Environment, "timing", workflowId);

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var root = JsonDocument.Parse(json.Out).RootElement;
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.True(runs.Count == 2, json.Out);
        Assert.Equal(["failed", "succeeded"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(runs[0].GetProperty("seconds").GetDouble(), root.GetProperty("lost").GetProperty("earlier_runs_seconds").GetDouble(), 3);
        Assert.True(root.GetProperty("lost").GetProperty("failed_pipelines_seconds").GetDouble() > 0, json.Out);
        // The resumed run reused timed-a: only flaky-timed ran in stage 1, then timed-b.
        Assert.Equal(["flaky-timed", "timed-b"], root.GetProperty("critical_path").EnumerateArray().Select(l => l.GetProperty("component").GetString()));
        var wall = root.GetProperty("wall_seconds").GetDouble();
        Assert.True(wall >= runs.Sum(r => r.GetProperty("seconds").GetDouble()), json.Out);
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains("over 2 runs, succeeded.", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"Critical path: .+ of pipelines: flaky-timed \(.+\) → timed-b \(.+\)\.", text.Out);
    }

    [Fact]
    public async Task Timing_UnknownRelease_OneLine()
    {
        var id = $"release-nothing-{Guid.NewGuid():N}";

        var result = await Cli.RunAsync(fixture.Environment, "timing", id);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"no release with id {id}");
    }
}
