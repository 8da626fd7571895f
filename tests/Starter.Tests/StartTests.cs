using System.Text.Json;
using Release.Starter.Cli;
using Temporalio.Api.Enums.V1;

namespace Starter.Tests;

[Collection(StarterCollection.Name)]
public sealed class StartTests(StarterFixture fixture)
{
    private const string Poll = "0.1";

    [Fact]
    public async Task StartWait_AllSucceed_PrintsProgressTableAndSummaryExit0()
    {
        var (path, workflowId) = Manifests.Write(["alpha", "beta"], ["gamma"]);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", Poll);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"as workflow {workflowId}", result.Out, StringComparison.Ordinal);
        // One line per change seen by the follower's polls; which statuses a poll catches varies.
        Assert.Matches(@"stage 1 alpha: (running|succeeded) pipeline #\d+ https://app.circleci.com/pipelines/gh/acme/alpha/", result.Out);
        Assert.Contains("https://app.circleci.com/pipelines/gh/acme/gamma/", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 2 succeeded │ gamma\s+│ succeeded │", result.Out);
        Assert.Contains("succeeded: all 2 stages succeeded", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task StartWaitJson_AllSucceed_DocumentParses()
    {
        var (path, workflowId) = Manifests.Write(["alpha"], ["beta"]);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(workflowId, json.RootElement.GetProperty("workflow_id").GetString());
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        var beta = json.RootElement.GetProperty("stages")[1].GetProperty("components")[0];
        Assert.Equal("succeeded", beta.GetProperty("status").GetString());
        Assert.True(beta.GetProperty("pipeline_number").GetInt64() > 0);
    }

    [Fact]
    public async Task StartWait_FailingComponent_Exit1AndNamesIt()
    {
        var (path, _) = Manifests.Write(["alpha"], ["beta", "fails"], ["gamma"]);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", Poll);

        Assert.True(result.ExitCode == ExitCodes.ReleaseFailed, result.ToString());
        Assert.Contains("failed: component fails failed", result.Out, StringComparison.Ordinal);
        Assert.Contains("stage 3 not_started: gamma", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartDryRun_TriggersNothingAndEndsDryRun()
    {
        var (path, _) = Manifests.Write(["dry-one"]);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--dry-run", "--wait", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("dry_run", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, fixture.Simulator.GetStats().TriggersOf("gh/acme/dry-one"));
    }

    [Fact]
    public async Task Start_SameReleaseWhileRunning_RefusedNamingTheWorkflow()
    {
        var (path, workflowId) = Manifests.Write(["slow"]);
        var withUi = new Dictionary<string, string>(fixture.Environment) { ["TEMPORAL_UI_URL"] = "http://ui.example:8233/" };
        var first = await Cli.RunAsync(withUi, "start", path, "--branch", "main");
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Contains($"Web UI: http://ui.example:8233/namespaces/default/workflows/{workflowId}", first.Out, StringComparison.Ordinal);

        var second = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main");

        InputTests.AssertOneLineError(second, ExitCodes.UsageError, $"is already running as workflow {workflowId}");
        Assert.Contains($"release abort {workflowId}", second.Error, StringComparison.Ordinal);
        await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "test over");
    }

    [Fact]
    public async Task Start_SameReleaseAfterItEnded_StartsANewRun()
    {
        var (path, workflowId) = Manifests.Write(["alpha"]);
        var first = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

        var second = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", Poll);

        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        using var one = JsonDocument.Parse(first.Out);
        using var two = JsonDocument.Parse(second.Out);
        Assert.Equal(workflowId, two.RootElement.GetProperty("workflow_id").GetString());
        Assert.NotEqual(one.RootElement.GetProperty("run_id").GetString(), two.RootElement.GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task StartWait_CtrlC_DetachesAndLeavesReleaseRunning()
    {
        var (path, workflowId) = Manifests.Write(["slow"]);
        using var interrupt = new CancellationTokenSource();
        var run = Cli.RunAsync(fixture.Environment, interrupt.Token, "start", path, "--branch", "main", "--wait", "--poll-interval", Poll);
        await ReleaseWaiting.UntilPipelinesTriggeredAsync(fixture.Client, workflowId);

        await interrupt.CancelAsync();
        var result = await run;

        Assert.True(result.ExitCode == ExitCodes.Interrupted, result.ToString());
        Assert.Contains($"detached from {workflowId}, which keeps running", result.Error, StringComparison.Ordinal);
        var description = await fixture.Client.GetWorkflowHandle(workflowId).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, description.Status);
        await Cli.RunAsync(fixture.Environment, "abort", workflowId, "--reason", "test over");
    }

    [Fact]
    public async Task StartWait_Terminal_RedrawsTableInPlace()
    {
        var (path, _) = Manifests.Write(["alpha"]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = CliConsole.ForWriters(output, error, name => fixture.Environment.GetValueOrDefault(name), ansi: true);

        var exitCode = await ReleaseCli.RunAsync(["start", path, "--branch", "main", "--wait", "--poll-interval", Poll], console, CancellationToken.None);

        Assert.True(exitCode == ExitCodes.Success, output + error.ToString());
        var text = output.ToString();
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("alpha", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stage 1 alpha: running", text, StringComparison.Ordinal);
    }
}
