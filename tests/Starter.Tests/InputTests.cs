using System.Diagnostics;
using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>Plans and user mistakes: none of these needs a Temporal server.</summary>
public sealed class InputTests
{
    [Fact]
    public async Task Start_PlanOnly_PrintsStagesAndSkippedWithoutConnecting()
    {
        var (path, workflowId) = Manifests.Write(["alpha", "beta"], ["gamma"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--branch", "main", "--param", "gio_action=release");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(workflowId, result.Out, StringComparison.Ordinal);
        Assert.Contains("2 stages, 3 components", result.Out, StringComparison.Ordinal);
        Assert.Contains("gh/acme/gamma", result.Out, StringComparison.Ordinal);
        Assert.Contains("gio_action=\"release\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("Skipped (version is not a snapshot): released-lib", result.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing was started", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Start_PlanOnlyJson_ParsesWithTypedParameters()
    {
        var (path, workflowId) = Manifests.Write(["alpha"], ["beta", "gamma"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--json", "--branch", "dev", "--param", "dry=true", "--param", "n=3");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(workflowId, root.GetProperty("workflow_id").GetString());
        Assert.Equal(2, root.GetProperty("stages").GetArrayLength());
        var beta = root.GetProperty("stages")[1].GetProperty("components")[0];
        Assert.Equal("gh/acme/beta", beta.GetProperty("project_slug").GetString());
        Assert.Equal("dev", beta.GetProperty("branch").GetString());
        Assert.Equal(JsonValueKind.True, beta.GetProperty("parameters").GetProperty("dry").ValueKind);
        Assert.Equal(3, beta.GetProperty("parameters").GetProperty("n").GetInt32());
        Assert.Equal("released-lib", root.GetProperty("skipped")[0].GetString());
    }

    [Fact]
    public async Task Start_MissingManifest_OneLineExit2()
    {
        var result = await Cli.RunAsync(Cli.Nowhere, "start", "/nonexistent/release.json", "--branch", "main");

        AssertOneLineError(result, ExitCodes.UsageError, "cannot read manifest /nonexistent/release.json: no such file");
    }

    [Fact]
    public async Task Start_MalformedJson_OneLineWithPositionExit2()
    {
        var path = Manifests.WriteText("{\n  \"name\": \"x\",\n  \"version\": \n}");

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main");

        AssertOneLineError(result, ExitCodes.UsageError, "not valid JSON");
        Assert.Contains("line 4, column 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidManifest_OneProblemIsOneLineWithItsPosition()
    {
        var path = Manifests.WriteText("""{ "name": "x", "version": "1.0.0-SNAPSHOT", "components": [ { "name": "a" } ], "buildDependencies": [ ["a"] ] }""");

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        AssertOneLineError(result, ExitCodes.UsageError, $"invalid manifest {path}: line 1, column 1: \"scmHttpUrl\" is missing");
    }

    [Fact]
    public async Task Start_NoBranchForSomeComponent_RefusedBeforeConnecting()
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path);

        AssertOneLineError(result, ExitCodes.UsageError, "--branch is required: alpha");
    }

    [Fact]
    public async Task Start_BadParam_Exit2()
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--param", "novalue");

        AssertOneLineError(result, ExitCodes.UsageError, "--param \"novalue\" is not key=value");
    }

    [Fact]
    public async Task Start_BadPollInterval_RefusedBeforeConnecting()
    {
        var (path, _) = Manifests.Write(["alpha"]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--poll-interval", "0");

        AssertOneLineError(result, ExitCodes.UsageError, "--poll-interval 0 must be a number of seconds");
    }

    [Theory]
    [InlineData("status", "some-id")]
    [InlineData("list")]
    [InlineData("abort", "some-id", "--reason", "r")]
    [InlineData("report", "some-id")]
    public async Task Commands_UnreachableTemporal_Exit3Quickly(params string[] args)
    {
        var clock = Stopwatch.StartNew();

        var result = await Cli.RunAsync(Cli.Nowhere, args);

        AssertOneLineError(result, ExitCodes.TemporalUnavailable, "cannot reach Temporal at 127.0.0.1:1");
        Assert.Contains("set TEMPORAL_ADDRESS", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Start_UnreachableTemporal_AddressOptionWinsOverEnvironment()
    {
        var (path, _) = Manifests.Write(["alpha"]);
        var environment = new Dictionary<string, string> { ["TEMPORAL_ADDRESS"] = "127.0.0.1:2" };

        var result = await Cli.RunAsync(environment, "start", path, "--branch", "main", "--address", "127.0.0.1:1");

        AssertOneLineError(result, ExitCodes.TemporalUnavailable, "cannot reach Temporal at 127.0.0.1:1");
    }

    [Theory]
    [InlineData("start")]
    [InlineData("abort", "some-id")]
    [InlineData("bogus")]
    [InlineData("status", "id", "--no-such-flag")]
    public async Task Parse_UsageErrors_Exit2(params string[] args)
    {
        var result = await Cli.RunAsync(Cli.Nowhere, args);

        AssertOneLineError(result, ExitCodes.UsageError, "see release --help");
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await Cli.RunAsync(Cli.Nowhere, "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var command in new[] { "start", "status", "abort", "report", "list", "demo" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    internal static void AssertOneLineError(CliResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith("release: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
