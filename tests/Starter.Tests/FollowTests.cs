using System.Diagnostics;
using System.Text.RegularExpressions;
using Release.Starter.Cli;
using Temporalio.Api.Enums.V1;

namespace Starter.Tests;

/// <summary>Following a release: start --wait with nobody polling, watch re-attaching, output to a pipe.</summary>
[Collection(StarterCollection.Name)]
public sealed partial class FollowTests(StarterFixture fixture)
{
    private const string Poll = "0.1";

    [Fact]
    public async Task StartWait_TaskQueueNobodyPolls_SaysSoWithinSecondsAndKeepsWaiting()
    {
        var (path, workflowId) = Manifests.Write(["alpha"]);
        var queue = $"nobody-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        using var run = new RunningCli(fixture.Environment, "start", path, "--branch", "main", "--wait", "--task-queue", queue);

        await run.WaitForAsync($"no worker is polling task queue {queue}");
        var seen = clock.Elapsed;
        var result = await run.InterruptAsync();

        Assert.True(seen < TimeSpan.FromSeconds(60), $"took {seen}");
        Assert.Contains($"start the release worker with TEMPORAL_TASK_QUEUE={queue}", result.Error, StringComparison.Ordinal);
        Assert.True(result.ExitCode == ExitCodes.Interrupted, result.ToString());
        var description = await fixture.Client.GetWorkflowHandle(workflowId).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, description.Status);
        await fixture.Client.GetWorkflowHandle(workflowId).TerminateAsync("test over");
    }

    [Fact]
    public async Task Watch_RunningRelease_FollowsToTheEndLikeWait()
    {
        var (path, workflowId) = Manifests.Write(["alpha"], ["beta"]);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--poll-interval", Poll);
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());

        var result = await Cli.RunAsync(fixture.Environment, "watch", workflowId);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"Following release", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 2 succeeded │ beta\s+│ succeeded │", result.Out);
        Assert.Contains("succeeded: all 2 stages succeeded", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Watch_FailingRelease_Exit1AndNamesTheComponent()
    {
        var (path, workflowId) = Manifests.Write(["alpha"], ["fails"]);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--poll-interval", Poll);
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());

        var followed = await Cli.RunAsync(fixture.Environment, "watch", workflowId, "--json");
        var afterwards = await Cli.RunAsync(fixture.Environment, "watch", workflowId);

        Assert.True(followed.ExitCode == ExitCodes.ReleaseFailed, followed.ToString());
        Assert.Contains("\"status\": \"failed\"", followed.Out, StringComparison.Ordinal);
        Assert.True(afterwards.ExitCode == ExitCodes.ReleaseFailed, afterwards.ToString());
        Assert.Contains("component fails failed", afterwards.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_UnknownId_NoReleaseWithIdExit2()
    {
        var id = $"release-nothing-{Guid.NewGuid():N}";

        var result = await Cli.RunAsync(fixture.Environment, "watch", id);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"no release with id {id}");
    }

    [Fact]
    public async Task StartWait_OutputIsAPipe_LinksNeverWrap()
    {
        // Long names (near the manifest's 100-character limit) make each row, name and link, far
        // wider than any terminal: the link must still be whole.
        var names = new[] { $"wide-{new string('w', 95)}", $"long-{new string('l', 95)}" };
        var (path, _) = Manifests.Write(names);
        using var release = new ReleaseProcess(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", Poll);

        var result = await release.ResultAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var rows = result.Out.Split('\n').Where(l => l.Contains('│', StringComparison.Ordinal)).ToList();
        foreach (var name in names)
        {
            var row = Assert.Single(rows, r => r.Contains(name, StringComparison.Ordinal));
            Assert.Matches($"https://app.circleci.com/pipelines/gh/acme/{name}/\\d+ ", row);
        }

        Assert.DoesNotMatch(WrappedLink(), result.Out);
    }

    // A link cut at the table's edge leaves its start without the pipeline number.
    [GeneratedRegex(@"https://app\.circleci\.com/pipelines/gh/acme/[a-z-]*\s*│\s*$", RegexOptions.Multiline)]
    private static partial Regex WrappedLink();
}
