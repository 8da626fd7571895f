using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

[Collection(StarterCollection.Name)]
public sealed class ReleaseCommandsTests(StarterFixture fixture)
{
    [Fact]
    public async Task Status_RunningRelease_ShowsStageTableFromProgress()
    {
        var (path, workflowId) = await StartedAsync(["slow", "alpha"], ["beta"]);

        var result = await Cli.RunAsync(fixture.Environment, "status", workflowId);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"Workflow {workflowId}", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 1 running\s+│ slow\s+│ running\s+│", result.Out);
        Assert.Contains("https://app.circleci.com/pipelines/gh/acme/slow/", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 2 pending\s+│ beta\s+│ pending\s+│", result.Out);
        await AbortAsync(workflowId);
        Assert.NotNull(path);
    }

    [Fact]
    public async Task Status_NoWorkerAnswers_SaysStagesUnknown()
    {
        var (path, workflowId) = Manifests.Write(["alpha"]);
        var queue = $"nobody-{Guid.NewGuid():N}";
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--task-queue", queue);
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());

        var result = await Cli.RunAsync(fixture.Environment, "status", workflowId);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"No worker answered the progress query, so stage details are unknown; is the release worker running on task queue {queue} (start it with TEMPORAL_TASK_QUEUE={queue})?", result.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Matches(@"│ 1 unknown\s+│ alpha\s+│ unknown\s+│", result.Out);
        await fixture.Client.GetWorkflowHandle(workflowId).TerminateAsync("operator gave up");
        var after = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        Assert.True(after.ExitCode == ExitCodes.ReleaseFailed, after.ToString());
        using var json = JsonDocument.Parse(after.Out);
        Assert.Equal("terminated", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("operator gave up", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_RunningRelease_EndsAbortedWithReasonInReport()
    {
        var (_, workflowId) = await StartedAsync(["slow"], ["beta"]);

        var abort = await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "operator said stop", "--cancel-pipelines");
        await ReleaseWaiting.UntilClosedAsync(fixture.Client, workflowId);

        Assert.True(abort.ExitCode == ExitCodes.Success, abort.ToString());
        Assert.Contains("Abort requested", abort.Out, StringComparison.Ordinal);
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");
        Assert.True(status.ExitCode == ExitCodes.ReleaseFailed, status.ToString());
        using var json = JsonDocument.Parse(status.Out);
        Assert.Equal("aborted", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("not_started", json.RootElement.GetProperty("stages")[1].GetProperty("status").GetString());
        var report = await Cli.RunAsync(fixture.Environment, "report", workflowId);
        Assert.True(report.ExitCode == ExitCodes.ReleaseFailed, report.ToString());
        Assert.Contains("operator said stop (running CircleCI workflows cancelled)", report.Out, StringComparison.Ordinal);
        Assert.Contains("build: canceled", report.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_FinishedRelease_RefusedExit2()
    {
        var workflowId = await FinishedAsync(["alpha"]);

        var result = await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "too late");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"release {workflowId} already ended (succeeded)");
    }

    [Fact]
    public async Task Report_FinishedRelease_JsonHoldsStageReportsInSchema()
    {
        var workflowId = await FinishedAsync(["alpha", "beta"], ["gamma"]);

        var result = await Cli.RunAsync(fixture.Environment, "report", workflowId, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal("succeeded", root.GetProperty("outcome").GetString());
        Assert.Equal("released-lib", root.GetProperty("skipped")[0].GetString());
        var stage = root.GetProperty("stages")[0];
        Assert.Equal(1, stage.GetProperty("schema_version").GetInt32());
        Assert.Equal(workflowId, stage.GetProperty("release").GetProperty("workflow_id").GetString());
        Assert.Equal(2, stage.GetProperty("pipelines").GetArrayLength());
        var job = stage.GetProperty("components")[0].GetProperty("pipeline").GetProperty("workflows")[0].GetProperty("jobs")[0];
        Assert.Equal("success", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Report_FinishedRelease_PrintsEachStageTable()
    {
        var workflowId = await FinishedAsync(["alpha"], ["fails", "beta"]);

        var result = await Cli.RunAsync(fixture.Environment, "report", workflowId);

        Assert.True(result.ExitCode == ExitCodes.ReleaseFailed, result.ToString());
        Assert.Contains("stage 2 (manifest stage 2): failed", result.Out, StringComparison.Ordinal);
        Assert.Contains("build: failed (unit-tests failed)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WholeReportNotInThisMachinesStore_ShowsTheDigestAndSaysWhere()
    {
        var workflowId = await FinishedAsync(["alpha"], ["fails", "beta"]);
        var elsewhere = new Dictionary<string, string>(fixture.Environment)
        {
            [Release.Activities.Release.ReportStore.FolderVariable] = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}"),
        };

        var table = await Cli.RunAsync(elsewhere, "report", workflowId);
        var json = await Cli.RunAsync(elsewhere, "report", workflowId, "--json");

        Assert.True(table.ExitCode == ExitCodes.ReleaseFailed, table.ToString());
        Assert.Contains("stage 2 (manifest stage 2): failed", table.Out, StringComparison.Ordinal);
        Assert.Contains("digest: 1 of 2 components shown", table.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("set RELEASE_REPORTS_DIR", table.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("build: failed (unit-tests failed)", table.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var stage = document.RootElement.GetProperty("stages")[1];
        Assert.Equal(2, stage.GetProperty("full_report").GetProperty("components").GetInt32());
        Assert.Equal(["fails", "beta"], stage.GetProperty("component_lines").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("fails", stage.GetProperty("components").EnumerateArray().Single().GetProperty("name").GetString());

        // With the worker's folder, the same command reads the whole report back.
        var whole = await Cli.RunAsync(fixture.Environment, "report", workflowId, "--json");
        using var wholeDocument = JsonDocument.Parse(whole.Out);
        Assert.Equal(2, wholeDocument.RootElement.GetProperty("stages")[1].GetProperty("components").GetArrayLength());
        Assert.False(wholeDocument.RootElement.GetProperty("stages")[1].TryGetProperty("full_report", out _));
    }

    [Fact]
    public async Task Report_RunningRelease_SaysWhenItWillBeReady()
    {
        var (_, workflowId) = await StartedAsync(["slow"]);

        var result = await Cli.RunAsync(fixture.Environment, "report", workflowId);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "is still running");
        await AbortAsync(workflowId);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("report")]
    [InlineData("abort")]
    public async Task Commands_UnknownId_NoReleaseWithId(string command)
    {
        var id = $"release-nothing-{Guid.NewGuid():N}";
        string[] args = command == "abort" ? [command, id, "--reason", "r"] : [command, id];

        var result = await Cli.RunAsync(fixture.Environment, args);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"no release with id {id}");
    }

    [Fact]
    public async Task List_ShowsFinishedAndRunningReleases()
    {
        var finished = await FinishedAsync(["alpha"]);
        var (_, running) = await StartedAsync(["slow"]);

        var result = await Cli.RunAsync(fixture.Environment, "list", "--json", "--limit", "1000");
        var filtered = await Cli.RunAsync(fixture.Environment, "list", "--query", $"WorkflowId = '{finished}'");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var rows = json.RootElement.EnumerateArray()
            .Where(r => r.GetProperty("workflow_id").GetString() is { } id && (id == finished || id == running))
            .ToDictionary(r => r.GetProperty("workflow_id").GetString()!);
        Assert.Equal("succeeded", rows[finished].GetProperty("status").GetString());
        Assert.Equal("running", rows[running].GetProperty("status").GetString());
        Assert.True(filtered.ExitCode == ExitCodes.Success, filtered.ToString());
        Assert.Contains(finished, filtered.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(running, filtered.Out, StringComparison.Ordinal);
        Assert.Contains("1 release", filtered.Out, StringComparison.Ordinal);
        await AbortAsync(running);
    }

    [Fact]
    public async Task List_QueryOnReleaseSearchAttributes_FindsReleaseByNameAndStatus()
    {
        var finished = await FinishedAsync(["alpha"]);
        var (_, running) = await StartedAsync(["slow"]);
        var finishedName = finished["release-".Length..^"-1.0.0-snapshot".Length];
        var runningName = running["release-".Length..^"-1.0.0-snapshot".Length];

        var succeeded = await Cli.RunAsync(fixture.Environment, "list", "--query", $"ReleaseName = '{finishedName}' AND ReleaseStatus = 'succeeded'");
        var stillRunning = await Cli.RunAsync(fixture.Environment, "list", "--query", $"ReleaseName IN ('{finishedName}', '{runningName}') AND ReleaseStatus = 'running'");

        Assert.True(succeeded.ExitCode == ExitCodes.Success, succeeded.ToString());
        Assert.Contains(finished, succeeded.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(running, succeeded.Out, StringComparison.Ordinal);
        Assert.Contains(running, stillRunning.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(finished, stillRunning.Out, StringComparison.Ordinal);
        await AbortAsync(running);
    }

    [Fact]
    public async Task List_MalformedQuery_Exit2()
    {
        var result = await Cli.RunAsync(fixture.Environment, "list", "--query", "WorkflowId = = 'x'");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "invalid --query");
    }

    private async Task<(string Path, string WorkflowId)> StartedAsync(params string[][] stages)
    {
        var (path, workflowId) = Manifests.Write(stages);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--poll-interval", "0.1");
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());
        await ReleaseWaiting.UntilPipelinesTriggeredAsync(fixture.Client, workflowId);
        return (path, workflowId);
    }

    private async Task<string> FinishedAsync(params string[][] stages)
    {
        var (path, workflowId) = Manifests.Write(stages);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", "0.1");
        Assert.True(start.ExitCode is ExitCodes.Success or ExitCodes.ReleaseFailed, start.ToString());
        return workflowId;
    }

    private async Task AbortAsync(string workflowId)
    {
        var abort = await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "test over");
        Assert.True(abort.ExitCode == ExitCodes.Success, abort.ToString());
    }
}
