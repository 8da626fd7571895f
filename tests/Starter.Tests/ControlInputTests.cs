using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>
/// The release control options and commands given wrong input: refused in one line with exit 2
/// before connecting (Cli.Nowhere would make a connection attempt exit 3).
/// </summary>
public sealed class ControlInputTests
{
    private const string WithDependencies = """
        {
          "name": "NAME", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme",
          "components": [ {"name": "a"}, {"name": "b", "dependsOn": ["a"]} ],
          "buildDependencies": [["a"], ["b"]]
        }
        """;

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public async Task Start_MaxParallelNotAtLeastOne_SaysSo(string value)
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--max-parallel", value);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"--max-parallel '{value}' is not a whole number of 1 or more");
    }

    [Fact]
    public async Task Start_ApproveBeforeStageBeyondThePlan_NamesTheValidRange()
    {
        var (path, _) = Manifests.Write(["alpha"], ["beta"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--approve-before-stage", "2", "--approve-before-stage", "9");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "--approve-before-stage 9 is not a stage of the plan: the plan has stages 1 to 2 (`release start MANIFEST --plan-only` shows them)");
    }

    [Theory]
    [InlineData("--schedule", "barrier", "--schedule 'barrier' is not one of stages, graph")]
    [InlineData("--on-failure", "retry", "--on-failure 'retry' is not one of stop, ask")]
    [InlineData("--decision-timeout", "soon", "--decision-timeout 'soon' is not a duration")]
    [InlineData("--approve-before-stage", "0", "--approve-before-stage '0' is not a stage number")]
    public async Task Start_ControlOptionWrongValue_InPlainWords(string option, string value, string expected)
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", option, value);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, expected);
    }

    [Fact]
    public async Task Start_DecisionTimeoutWithoutAsk_SaysItNeedsAsk()
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--decision-timeout", "2h");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "--decision-timeout applies only with --on-failure ask");
    }

    [Fact]
    public async Task Start_PlanOnly_ShowsHowTheReleaseRuns()
    {
        var (path, _) = Manifests.Write(["alpha"], ["beta"]);

        var result = await Cli.RunAsync(
            Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--max-parallel", "3", "--on-failure", "ask", "--decision-timeout", "4h", "--approve-before-stage", "2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(
            "Runs with schedule stages (each stage waits for the one before it); at most 3 pipelines at once; on failure ask (a decision is awaited for 4h00m, then the release aborts); approval before stage 2.",
            result.Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlanOnlyJsonWithDependsOn_DefaultsToTheGraph()
    {
        var path = Manifests.WriteText(WithDependencies.Replace("NAME", $"g{Guid.NewGuid():N}"[..10], StringComparison.Ordinal));

        var graph = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--json");
        var stages = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--json", "--schedule", "stages");

        Assert.True(graph.ExitCode == ExitCodes.Success, graph.ToString());
        using var json = JsonDocument.Parse(graph.Out);
        var control = json.RootElement.GetProperty("control");
        Assert.Equal("graph", control.GetProperty("schedule").GetString());
        Assert.Equal("stop", control.GetProperty("on_failure").GetString());
        Assert.Equal(JsonValueKind.Null, control.GetProperty("max_parallel").ValueKind);
        using var explicitly = JsonDocument.Parse(stages.Out);
        Assert.Equal("stages", explicitly.RootElement.GetProperty("control").GetProperty("schedule").GetString());
    }

    [Fact]
    public async Task Start_GraphWithoutDependsOn_WarnsThatEverythingStartsAtOnce()
    {
        var (path, _) = Manifests.Write(["alpha"], ["beta"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--schedule", "graph");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("release: warning: --schedule graph: no component declares dependsOn, so every component starts at once", result.Error, StringComparison.Ordinal);
        Assert.Contains("Runs with schedule graph", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DependsOnCycle_IsRefusedNamingTheCycle()
    {
        var path = Manifests.WriteText("""
            {
              "name": "acme", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme",
              "components": [ { "name": "api", "dependsOn": ["web"] }, { "name": "web", "dependsOn": ["api"] } ],
              "buildDependencies": [ ["api"], ["web"] ]
            }
            """);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--schedule", "graph");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "dependsOn makes a cycle: api -> web -> api; remove one of these dependencies");
    }

    [Fact]
    public async Task Start_StagesThatContradictDependsOn_WarnsUnderTheStageSchedule()
    {
        var path = Manifests.WriteText("""
            {
              "name": "acme", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme",
              "components": [ { "name": "api" }, { "name": "web", "dependsOn": ["api"] } ],
              "buildDependencies": [ ["api", "web"] ]
            }
            """);

        var stages = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--schedule", "stages");
        var graph = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        Assert.True(stages.ExitCode == ExitCodes.Success, stages.ToString());
        Assert.Contains("release: warning: the stages contradict dependsOn: web depends on api, both in stage 1: under --schedule stages they start together", stages.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("contradict", graph.Error, StringComparison.Ordinal);
        Assert.Contains("Runs with schedule graph", graph.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "decide", "release-x", "api", "--reason", "r" }, "release decide needs a decision: --retry, --skip or --abort")]
    [InlineData(new[] { "decide", "release-x", "api", "--retry", "--skip", "--reason", "r" }, "--retry and --skip are different decisions; give one of --retry, --skip or --abort")]
    [InlineData(new[] { "decide", "release-x", "api", "--skip", "--rerun-failed", "--reason", "r" }, "--rerun-failed goes with --retry")]
    [InlineData(new[] { "decide", "release-x", "api", "--retry" }, "release decide needs --reason")]
    [InlineData(new[] { "decide", "release-x", "api", "--abort", "--reason", " " }, "--reason must say why")]
    [InlineData(new[] { "decide", "release-x", "--retry", "--reason", "r" }, "release decide needs COMPONENT")]
    [InlineData(new[] { "approve", "release-x" }, "release approve needs --reason")]
    [InlineData(new[] { "approve", "release-x", "--stage", "0", "--reason", "r" }, "--stage '0' is not a whole number of 1 or more")]
    [InlineData(new[] { "pause", "release-x" }, "release pause needs --reason")]
    [InlineData(new[] { "unpause", "release-x", "--as", " " }, "--as needs a name")]
    [InlineData(new[] { "resume", "release-x", "--only", "a", "--from-stage", "2" }, "--only and --from-stage choose what to trigger in two ways")]
    [InlineData(new[] { "resume", "release-x", "--only", " , " }, "--only needs component names")]
    [InlineData(new[] { "resume", "release-x", "--from-stage", "first" }, "--from-stage 'first' is not a whole number of 1 or more")]
    public async Task OperatorCommands_WrongInput_RefusedBeforeConnecting(string[] args, string expected)
    {
        var result = await Cli.RunAsync(Cli.Nowhere, args);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, expected);
    }
}
