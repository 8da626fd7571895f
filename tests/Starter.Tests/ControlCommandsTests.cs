using System.Text.Json;
using Release.Starter.Cli;
using Release.Workflows.Release.Control;

namespace Starter.Tests;

/// <summary>
/// resume, decide, approve, pause and unpause through the real command line, against the suite's
/// dev server, worker and CircleCI simulator (whose per-project trigger counts prove what ran).
/// </summary>
[Collection(StarterCollection.Name)]
public sealed class ControlCommandsTests(StarterFixture fixture)
{
    private const string Poll = "0.1";

    [Fact]
    public async Task Resume_AfterAFailure_TriggersOnlyTheFailedAndNeverStartedThenSucceeds()
    {
        var (path, workflowId) = Manifests.Write(["resume-a", "flaky-resume"], ["resume-b"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());
        var firstRun = JsonDocument.Parse(first.Out).RootElement.GetProperty("run_id").GetString();

        var resume = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--reason", "integration tests flaked", "--as", "alice");
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.Contains("reusing 1, triggering 2", resume.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 1\s+│ resume-a\s+│ 1.0.0-SNAPSHOT │ reuse\s+│ succeeded in run " + firstRun, resume.Out);
        Assert.Matches(@"│ 1\s+│ flaky-resume │ 1.0.0-SNAPSHOT │ trigger\s+│ failed in run " + firstRun, resume.Out);
        Assert.Matches(@"│ 2\s+│ resume-b\s+│ 1.0.0-SNAPSHOT │ trigger\s+│ never started", resume.Out);
        var stats = fixture.Simulator.GetStats();
        Assert.Equal((1, 2, 1), (stats.TriggersOf("gh/acme/resume-a"), stats.TriggersOf("gh/acme/flaky-resume"), stats.TriggersOf("gh/acme/resume-b")));
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        using var json = JsonDocument.Parse(status.Out);
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        var action = Assert.Single(json.RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal(("resume", "alice"), (action.GetProperty("kind").GetString(), action.GetProperty("by").GetString()));
        var again = await Cli.RunAsync(fixture.Environment, "resume", workflowId);
        InputTests.AssertOneLineError(again, ExitCodes.UsageError, $"release {workflowId} already succeeded (succeeded); nothing to resume");
        var reused = json.RootElement.GetProperty("stages")[0].GetProperty("components")[0];
        Assert.True(reused.GetProperty("reused_from").ValueKind == JsonValueKind.Object, reused.ToString());
        Assert.Equal(firstRun, reused.GetProperty("reused_from").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Resume_WithoutATaskQueue_GoesToTheQueueOfTheEarlierRun()
    {
        var (path, workflowId) = Manifests.Write(["flaky-queue"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());
        var withoutQueue = fixture.Environment.Where(e => e.Key != "TEMPORAL_TASK_QUEUE").ToDictionary(e => e.Key, e => e.Value);

        // Sent to the default queue, where no worker polls, it would wait: cut short, it fails instead of hanging.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var resume = await Cli.RunAsync(withoutQueue, patience.Token, "resume", workflowId, "--wait", "--json");

        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.Equal(2, fixture.Simulator.GetStats().TriggersOf("gh/acme/flaky-queue"));
        var description = await fixture.Client.GetWorkflowHandle(workflowId).DescribeAsync();
        Assert.Equal(fixture.TaskQueue, description.TaskQueue);
    }

    [Fact]
    public async Task Resume_Twice_ReusesWhatTheFirstRunReleasedThroughTheSecond()
    {
        var (path, workflowId) = Manifests.Write(["twice-a", "flaky-twice"], ["twice-b"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());
        var firstRun = JsonDocument.Parse(first.Out).RootElement.GetProperty("run_id").GetString();

        var second = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--wait", "--json");
        var third = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--manifest", path, "--json");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.True(second.ExitCode == ExitCodes.ReleaseFailed, second.ToString());
        Assert.True(third.ExitCode == ExitCodes.Success, third.ToString());
        using var json = JsonDocument.Parse(third.Out);
        var reused = Assert.Single(json.RootElement.GetProperty("reused").EnumerateArray());
        Assert.Equal(("twice-a", firstRun), (reused.GetProperty("name").GetString(), reused.GetProperty("run_id").GetString()));
        Assert.Equal(["flaky-twice", "twice-b"], json.RootElement.GetProperty("triggered").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var stats = fixture.Simulator.GetStats();
        Assert.Equal((1, 3, 1), (stats.TriggersOf("gh/acme/twice-a"), stats.TriggersOf("gh/acme/flaky-twice"), stats.TriggersOf("gh/acme/twice-b")));
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
    }

    [Fact]
    public async Task Resume_ManifestOfAnotherRelease_Refused()
    {
        var (path, workflowId) = Manifests.Write(["fails"]);
        var (other, _) = Manifests.Write(["alpha"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());

        var result = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--manifest", other);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "resume takes a manifest of the same release and version");
    }

    [Fact]
    public async Task Resume_RerunFailed_RerunsInTheSamePipeline()
    {
        var (path, workflowId) = Manifests.Write(["flaky-rerun"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.ReleaseFailed, first.ToString());

        var resume = await Cli.RunAsync(fixture.Environment, "resume", workflowId, "--rerun-failed", "--wait", "--json");

        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        var stats = fixture.Simulator.GetStats();
        Assert.Equal((1, 1), (stats.TriggersOf("gh/acme/flaky-rerun"), stats.RerunsOf("gh/acme/flaky-rerun")));
    }

    [Fact]
    public async Task Resume_RunningRelease_RefusedWithWhatToDo()
    {
        var (_, workflowId) = await StartedAsync([["slow"]]);

        var result = await Cli.RunAsync(fixture.Environment, "resume", workflowId);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"release {workflowId} is still running; abort it first");
        await AbortAsync(workflowId);
    }

    [Fact]
    public async Task Decide_SkipOnAskRelease_StatusShowsTheWaitThenTheReleaseGoesOn()
    {
        var (_, workflowId) = await StartedAsync([["alpha", "fails"], ["beta"]], "--on-failure", "ask", "--decision-timeout", "1h");
        await ProgressWaiting.UntilAsync(fixture.Client, workflowId, p => p.Waiting?.Any(w => w.Kind == WaitingFor.Decision && w.FailedJobs is not null) == true);

        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        var unknown = await Cli.RunAsync(fixture.Environment, "decide", workflowId, "zz", "--retry", "--reason", "r");
        var notWaiting = await Cli.RunAsync(fixture.Environment, "decide", workflowId, "beta", "--skip", "--reason", "r");
        var skip = await Cli.RunAsync(fixture.Environment, "decide", workflowId, "fails", "--skip", "--reason", "released by hand", "--as", "alice");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Matches(@"│ fails\s+│ awaiting_decision", status.Out);
        Assert.True(status.Out.Contains("for a decision on fails: component fails failed: ", StringComparison.Ordinal), status.Out);
        Assert.True(status.Out.Contains($"Answer with: release decide {workflowId} fails --retry|--skip|--abort --reason \"...\"", StringComparison.Ordinal), status.Out);
        // Why it failed, under the decision: the failing step and the end of its output, masked.
        Assert.Matches(@"  job unit-tests \(#\d+\) failed at step ""unit-tests"", exit code 1; its last 8 lines \(all 50 in `https://app\.circleci\.com/[^`]+`\):", status.Out);
        Assert.Contains("    | Exited with code exit status 1", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("CCIPAT_", status.Out, StringComparison.Ordinal);
        InputTests.AssertOneLineError(unknown, ExitCodes.UsageError, $"decide refused by release {workflowId}: no component zz in this release; its components are alpha, fails, beta");
        InputTests.AssertOneLineError(notWaiting, ExitCodes.UsageError, "component beta is not waiting for a decision");
        Assert.True(skip.ExitCode == ExitCodes.Success, skip.ToString());
        Assert.Contains("component fails is skipped", skip.Out, StringComparison.Ordinal);
        var after = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        using var json = JsonDocument.Parse(after.Out);
        Assert.Equal("skipped", json.RootElement.GetProperty("stages")[0].GetProperty("components")[1].GetProperty("status").GetString());
        Assert.Equal("succeeded", json.RootElement.GetProperty("stages")[1].GetProperty("components")[0].GetProperty("status").GetString());
        var action = Assert.Single(json.RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal(("skip", "alice", "fails"), (action.GetProperty("kind").GetString(), action.GetProperty("by").GetString(), action.GetProperty("component").GetString()));
    }

    [Fact]
    public async Task Decide_RetryOnAskRelease_NewPipelineSucceeds()
    {
        var (_, workflowId) = await StartedAsync([["flaky-retry"]], "--on-failure", "ask");
        await ProgressWaiting.UntilAsync(fixture.Client, workflowId, p => ProgressWaiting.Shows(p, "flaky-retry", "awaiting_decision"));

        var retry = await Cli.RunAsync(fixture.Environment, "decide", workflowId, "flaky-retry", "--retry", "--reason", "flake");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.True(retry.ExitCode == ExitCodes.Success, retry.ToString());
        Assert.Contains("a new pipeline is triggered", retry.Out, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Simulator.GetStats().TriggersOf("gh/acme/flaky-retry"));
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
    }

    [Fact]
    public async Task Approve_GatedStage_WaitsThenGoesOn()
    {
        var (_, workflowId) = await StartedAsync([["alpha"], ["beta"]], "--approve-before-stage", "2");
        await ProgressWaiting.UntilAsync(fixture.Client, workflowId, p => p.Waiting?.Any(w => w.Kind == WaitingFor.Approval) == true);

        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        var wrongStage = await Cli.RunAsync(fixture.Environment, "approve", workflowId, "--stage", "1", "--reason", "r");
        var approve = await Cli.RunAsync(fixture.Environment, "approve", workflowId, "--reason", "change board said yes", "--as", "bob", "--json");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.Matches(@"│ beta\s+│ awaiting_approval", status.Out);
        Assert.Contains($"for approval before stage 2. Approve with: release approve {workflowId} --stage 2 --reason \"...\"", status.Out, StringComparison.Ordinal);
        InputTests.AssertOneLineError(wrongStage, ExitCodes.UsageError, "the release waits for an approval before stage 2, not stage 1");
        Assert.True(approve.ExitCode == ExitCodes.Success, approve.ToString());
        using var answer = JsonDocument.Parse(approve.Out);
        Assert.StartsWith("stage 2 approved after", answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        var after = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        Assert.True(after.ExitCode == ExitCodes.Success, after.ToString());
        using var json = JsonDocument.Parse(after.Out);
        var action = Assert.Single(json.RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal(("approve", "bob", 2), (action.GetProperty("kind").GetString(), action.GetProperty("by").GetString(), action.GetProperty("stage").GetInt32()));
    }

    [Fact]
    public async Task PauseThenUnpause_HoldsTheNextStageAndRecordsWhoAndHowLong()
    {
        var (_, workflowId) = await StartedAsync([["medium"], ["beta"]]);

        var pause = await Cli.RunAsync(fixture.Environment, "pause", workflowId, "--reason", "freeze for the demo");
        var twice = await Cli.RunAsync(fixture.Environment, "pause", workflowId, "--reason", "again");
        var decide = await Cli.RunAsync(fixture.Environment, "decide", workflowId, "medium", "--retry", "--reason", "r");
        await ProgressWaiting.UntilAsync(fixture.Client, workflowId, p => ProgressWaiting.Shows(p, "beta", "queued"));
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        var unpause = await Cli.RunAsync(fixture.Environment, "unpause", workflowId, "--as", "carol");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());
        Assert.Contains("paused: no new component starts", pause.Out, StringComparison.Ordinal);
        InputTests.AssertOneLineError(twice, ExitCodes.UsageError, "the release is already paused, by ");
        InputTests.AssertOneLineError(decide, ExitCodes.UsageError, "started with --on-failure stop");
        Assert.Matches(@"Paused by \S+ since .*: freeze for the demo; no new component starts. Unpause with: release unpause " + workflowId, status.Out);
        Assert.True(unpause.ExitCode == ExitCodes.Success, unpause.ToString());
        Assert.Contains("unpaused after", unpause.Out, StringComparison.Ordinal);
        var after = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        Assert.True(after.ExitCode == ExitCodes.Success, after.ToString());
        using var json = JsonDocument.Parse(after.Out);
        var period = Assert.Single(json.RootElement.GetProperty("pauses").EnumerateArray());
        Assert.Equal("carol", period.GetProperty("unpaused_by").GetString());
        Assert.Equal(JsonValueKind.String, period.GetProperty("until").ValueKind);
        Assert.Equal(["pause", "unpause"], json.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("decide", "c", "--skip", "--reason", "r")]
    [InlineData("approve", "--reason", "r")]
    [InlineData("pause", "--reason", "r")]
    [InlineData("unpause")]
    [InlineData("resume")]
    public async Task OperatorCommands_UnknownId_NoReleaseWithId(string command, params string[] rest)
    {
        var id = $"release-nothing-{Guid.NewGuid():N}";

        var result = await Cli.RunAsync(fixture.Environment, [command, id, .. rest]);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"no release with id {id}");
    }

    [Fact]
    public async Task Pause_EndedRelease_RefusedExit2()
    {
        var (path, workflowId) = Manifests.Write(["alpha"]);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());

        var result = await Cli.RunAsync(fixture.Environment, "pause", workflowId, "--reason", "late");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"release {workflowId} already ended (succeeded); there is nothing to pause");
    }

    private async Task<(string Path, string WorkflowId)> StartedAsync(string[][] stages, params string[] options)
    {
        var (path, workflowId) = Manifests.Write(stages);
        var start = await Cli.RunAsync(fixture.Environment, ["start", path, "--branch", "main", "--poll-interval", Poll, .. options]);
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());
        await ReleaseWaiting.UntilPipelinesTriggeredAsync(fixture.Client, workflowId);
        return (path, workflowId);
    }

    private async Task AbortAsync(string workflowId)
    {
        var abort = await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "test over");
        Assert.True(abort.ExitCode == ExitCodes.Success, abort.ToString());
    }
}
