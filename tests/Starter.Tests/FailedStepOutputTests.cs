using System.Text.Json;
using System.Text.RegularExpressions;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Spectre.Console;

namespace Starter.Tests;

/// <summary>
/// Why a job failed, on the command line: the summary of <c>start --wait</c>, <c>report</c> and
/// <c>status</c> show the failing step, its exit code and the end of its output; reused and
/// decided components say so.
/// </summary>
[Collection(StarterCollection.Name)]
public sealed partial class FailedStepOutputTests(StarterFixture fixture)
{
    [Fact]
    public async Task Report_FailedJob_ShowsItsStepExitCodeAndLast50LinesMasked()
    {
        var (path, workflowId) = Manifests.Write(["fails"]);

        var wait = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", "0.1");
        var report = await Cli.RunAsync(fixture.Environment, "report", workflowId);
        var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
        var json = await Cli.RunAsync(fixture.Environment, "report", workflowId, "--json");

        Assert.True(report.ExitCode == ExitCodes.ReleaseFailed, report.ToString());
        Assert.Matches(StepHeader(50, null), report.Out);
        Assert.Equal(50, TailLines(report.Out).Count);
        Assert.Contains("      | export CIRCLECI_TOKEN=***", report.Out, StringComparison.Ordinal);
        Assert.Equal("        | Exited with code exit status 1", TailLines(report.Out)[^1]);
        Assert.Contains("job unit-tests in workflow build failed at step \"unit-tests\" (exit 1)", report.Out, StringComparison.Ordinal);

        // The summaries show the last 20 lines and say where the rest is.
        foreach (var summary in new[] { wait, status })
        {
            Assert.True(summary.ExitCode == ExitCodes.ReleaseFailed, summary.ToString());
            Assert.Matches(StepHeader(20, workflowId), summary.Out);
            Assert.Equal(TailLines(report.Out).TakeLast(20), TailLines(summary.Out));
        }

        foreach (var output in new[] { wait.Out, report.Out, status.Out, json.Out })
        {
            Assert.DoesNotContain("CCIPAT_", output, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(json.Out);
        var job = document.RootElement.GetProperty("stages")[0].GetProperty("components")[0]
            .GetProperty("pipeline").GetProperty("workflows")[0].GetProperty("jobs")[1];
        var step = job.GetProperty("failed_step");
        Assert.Equal("unit-tests", step.GetProperty("name").GetString());
        Assert.Equal(1, step.GetProperty("exit_code").GetInt32());
        Assert.Equal(50, step.GetProperty("output_tail").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, step.GetProperty("output_unavailable").ValueKind);
    }

    [Fact]
    public void PrintSummary_SkippedWhoseReasonSaysSo_SaysItOnce()
    {
        var component = new ComponentReport("b", "1.0.0-SNAPSHOT", "gh/acme/b", "main", ComponentOutcomes.Skipped, "skipped by alice: by hand (it had failed: job x failed)", null)
        {
            Decision = new OperatorAction(OperatorActionKinds.Skip, "alice", "by hand", DateTimeOffset.UnixEpoch, "b"),
        };
        using var output = new StringWriter();

        ReportPrinter.PrintSummary(ConsoleWriting(output), StateOf([component]));

        Assert.Single(Regex.Matches(output.ToString(), "skipped by alice: by hand"));
    }

    [Fact]
    public void PrintSummary_ReusedSkippedAndUnreadable_SaysSoForEach()
    {
        var pipeline = new PipelineReport(
            "p1", 7, "gh/acme/b", "main", "created", "https://app.circleci.com/pipelines/gh/acme/b/7", null, [], new PipelineTimings(null, null, null),
            [new WorkflowReport("w1", "build", "failed", "https://w", null, null, [
                new JobReport(31, "unit-tests", "build", "failed", null, null, 1000, "https://job/31") { FailedStep = new FailedStepReport("", "unknown", null, null, [], OutputUnavailable: "the failing step could not be read: 403 Forbidden") },
                new JobReport(32, "lint", "build", "failed", null, null, 1000, "https://job/32") { FailedStep = new FailedStepReport("Run lint", "failed", 2, 0, ["one", "\u001b]8;;evil\u0007two\tend"], OutputCut: true) },
            ])]);
        var components = new[]
        {
            new ComponentReport("a", "1.0.0-SNAPSHOT", "gh/acme/a", "main", ComponentOutcomes.Succeeded, "workflow build succeeded", null)
            {
                ReusedFrom = new ReusedFrom("run-0042", 12, "https://app.circleci.com/pipelines/gh/acme/a/12"),
            },
            new ComponentReport("b", "1.0.0-SNAPSHOT", "gh/acme/b", "main", ComponentOutcomes.Skipped, "skipped", pipeline)
            {
                Decision = new OperatorAction(OperatorActionKinds.Skip, "alice", "released by hand", DateTimeOffset.UnixEpoch, "b"),
            },
        };
        using var output = new StringWriter();

        ReportPrinter.PrintSummary(ConsoleWriting(output), StateOf(components));

        var text = output.ToString();
        Assert.Contains("      reused from run run-0042 pipeline #12 https://app.circleci.com/pipelines/gh/acme/a/12\n", text, StringComparison.Ordinal);
        Assert.Contains("      skipped by alice: released by hand\n", text, StringComparison.Ordinal);
        Assert.Contains("      job unit-tests (#31): the failing step is unknown: the failing step could not be read: 403 Forbidden\n", text, StringComparison.Ordinal);
        Assert.Contains("      job lint (#32) failed at step \"Run lint\", exit code 2; its last 2 lines:\n        | one\n        | \uFFFD]8;;evil\uFFFDtwo    end\n", text, StringComparison.Ordinal);
        Assert.Contains("(the output was longer than the worker reads; the job's page has the rest: https://job/32)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
    }

    private static Regex StepHeader(int lines, string? workflowId) => new(
        @"\n      job unit-tests \(#\d+\) failed at step ""unit-tests"", exit code 1; its last " + lines + " lines"
        + (workflowId is null ? ":" : Regex.Escape($" (all 50 in `release report {workflowId}`):")) + "\n");

    private static List<string> TailLines(string output) =>
        output.Split('\n').Where(l => l.StartsWith("        | ", StringComparison.Ordinal)).ToList();

    private static IAnsiConsole ConsoleWriting(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 1000;
        return console;
    }

    private static ReleaseState StateOf(IReadOnlyList<ComponentReport> components)
    {
        var manifest = ManifestParser.Parse("""{ "name": "acme", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [ { "name": "a" }, { "name": "b" } ], "buildDependencies": [ ["a", "b"] ] }""");
        var plan = ExecutionPlanner.Build(manifest.Manifest!, new PlanOptions { Branch = "main" });
        var stage = new StageReport
        {
            Release = new ReleaseRef("acme", "1.0.0-SNAPSHOT", "release-acme-1.0.0-snapshot"),
            Stage = new StageRef(1, 1),
            Outcome = StageOutcomes.Succeeded,
            Reason = "every component succeeded or was skipped",
            Timings = new StageTimings(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1),
            Components = components,
            Pipelines = [],
        };
        var summary = new ReleaseSummary("acme", "1.0.0-SNAPSHOT", StageOutcomes.Succeeded, stage.Reason, [stage]);
        return new ReleaseState("release-acme-1.0.0-snapshot", "run-1", StageOutcomes.Succeeded, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new ReleaseInput(plan, new ReleaseSettings()), summary, null);
    }
}
