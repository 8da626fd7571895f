using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>
/// What <c>release start</c> says about a manifest's problems, <c>--strict</c> and a release with
/// nothing to release. None of these reaches Temporal.
/// </summary>
public sealed class ManifestProblemsTests
{
    // Three errors (lines 3, 5, 6) and two warnings (lines 4, 8) in one file.
    private const string SeveralProblems = """
        {
          "name": "problems", "version": "1.0.0-SNAPSHOT",
          "scmHttpUrl": null,
          "components": [ { "name": "lib", "version": "1.0.0-snapshot" },
            { "name": "app", "version": "1.0.0", "version": "1.0.1" },
            { "name": "svc", "version": "2.0.0-SNAPSHOT" } ],
          "buildDependencies": [
            ["lib", "retired-lib"],
            ["app"]
          ]
        }
        """;

    [Fact]
    public async Task Start_SeveralProblems_ListsEveryOneOnItsOwnLine()
    {
        var path = Manifests.WriteText(SeveralProblems);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        Assert.True(result.ExitCode == ExitCodes.UsageError, result.ToString());
        Assert.Empty(result.Out);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 5, result.ToString());
        Assert.StartsWith($"release: warning: {path}: line 4, column 47: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("version \"1.0.0-snapshot\" looks like a snapshot but does not end with \"-SNAPSHOT\" exactly, so it will not be released", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"release: warning: {path}: line 8, column 13: buildDependencies[0] (stage 1) names \"retired-lib\", which is not a component", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"release: invalid manifest {path}: line 3, column 17: \"scmHttpUrl\" must be a string, found null;", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"release: invalid manifest {path}: line 5, column 42: \"version\" appears twice in components[1];", lines[3], StringComparison.Ordinal);
        Assert.StartsWith($"release: invalid manifest {path}: line 6, column 5: components[2] (\"svc\") is a snapshot (2.0.0-SNAPSHOT) in no stage", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartJson_SeveralProblems_DocumentHasErrorsAndWarningsWithPositions()
    {
        var path = Manifests.WriteText(SeveralProblems);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--json");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"invalid manifest {path}: 3 errors, listed in the JSON output");
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(path, root.GetProperty("manifest").GetString());
        Assert.False(root.GetProperty("valid").GetBoolean());
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 5, 6], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal([17, 42, 5], errors.Select(e => e.GetProperty("column").GetInt32()));
        Assert.Equal("scmHttpUrl", errors[0].GetProperty("path").GetString());
        Assert.StartsWith("\"scmHttpUrl\" must be a string, found null", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var warnings = root.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Equal([4, 8], warnings.Select(w => w.GetProperty("line").GetInt32()));
        Assert.Equal("buildDependencies[0][1]", warnings[1].GetProperty("path").GetString());
    }

    [Fact]
    public async Task PlanOnly_StageEntryThatIsNoComponent_WarnsAndPlansWithoutIt()
    {
        var path = Manifests.WriteText(Retired("warned"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var warning = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"release: warning: {path}: line 1, column {RetiredColumn(path)}: buildDependencies[1] (stage 2) names \"retired-lib\", which is not a component, so it is left out of the plan; remove it, or add it to components to release it",
            warning);
        Assert.Contains("2 stages, 2 components", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("retired-lib", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanOnlyJson_Warnings_AreInTheDocument()
    {
        var path = Manifests.WriteText(Retired("json-warned"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("buildDependencies[1][1]", warning.GetProperty("path").GetString());
        Assert.Equal(RetiredColumn(path), warning.GetProperty("column").GetInt32());
        Assert.False(json.RootElement.GetProperty("nothing_to_release").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task Start_Strict_RefusesAStageEntryThatIsNoComponent()
    {
        var path = Manifests.WriteText(Retired("strict"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--strict");

        InputTests.AssertOneLineError(
            result,
            ExitCodes.UsageError,
            $"invalid manifest {path}: line 1, column {RetiredColumn(path)}: buildDependencies[1] (stage 2) names \"retired-lib\", which is not a component (refused when reading strictly)");
    }

    [Fact]
    public async Task Start_StrictWithoutPlanOnly_RefusesBeforeConnecting()
    {
        var path = Manifests.WriteText(Retired("strict-start"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--strict");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "which is not a component (refused when reading strictly)");
    }

    [Fact]
    public async Task PlanOnly_NothingToRelease_SaysSoPlainly()
    {
        var path = Manifests.WriteText(NothingToRelease("empty-plan"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("nothing to release: no component has a -SNAPSHOT version in a stage of buildDependencies (2 components skipped)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Skipped (version is not a snapshot): core, ui", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Stage", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task PlanOnlyJson_NothingToRelease_IsFlagged()
    {
        var path = Manifests.WriteText(NothingToRelease("empty-json"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.True(json.RootElement.GetProperty("nothing_to_release").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task Start_NothingToRelease_RefusedWithExit2BeforeConnecting()
    {
        var path = Manifests.WriteText(NothingToRelease("empty-start"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main");

        InputTests.AssertOneLineError(
            result,
            ExitCodes.UsageError,
            $"{path}: nothing to release: no component has a -SNAPSHOT version in a stage of buildDependencies (2 components skipped); set the versions to release, or pass --allow-empty to start it anyway");
    }

    [Fact]
    public async Task Start_NothingToReleaseWithAllowEmpty_GoesOnToStartIt()
    {
        var path = Manifests.WriteText(NothingToRelease("empty-allowed"));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--allow-empty");

        // Past the check, the start needs Temporal, which this shell does not have.
        InputTests.AssertOneLineError(result, ExitCodes.TemporalUnavailable, "cannot reach Temporal at 127.0.0.1:1");
    }

    [Fact]
    public async Task Start_ManifestNotUtf8_NamesTheByteOffset()
    {
        var path = Manifests.WriteText("{\"name\": \"Gravit\u00e9e\"}");
        var bytes = File.ReadAllBytes(path);
        var offset = Array.IndexOf(bytes, (byte)0xC3);
        File.WriteAllBytes(path, [.. bytes[..offset], 0xE9, .. bytes[(offset + 2)..]]);

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"invalid manifest {path}: line 1, column 17: the manifest is not valid UTF-8: byte {offset} (0xE9)");
    }

    [Fact]
    public async Task Start_TrailingComma_IsAcceptedWithAWarning()
    {
        var path = Manifests.WriteText("""{"name": "comma", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [{"name": "a"},], "buildDependencies": [["a"]]}""");

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            $"release: warning: {path}: line 1, column 117: a trailing comma after the last item; it is accepted here, but strict JSON readers refuse it: remove it",
            result.Error.Trim());
    }

    [Fact]
    public async Task PlanOnly_BillOfMaterialsSample_PlansItsSnapshotsWithTwoWarnings()
    {
        var path = SamplePath("bill-of-materials");

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "3.20.x", "--plan-only");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("6 stages, 13 components", result.Out, StringComparison.Ordinal);
        Assert.Equal(2, result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("names \"gravitee-policy-dynamic-routing\", which is not a component", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanOnly_BillOfMaterialsPatchSample_PlansOneStage()
    {
        var result = await Cli.RunAsync(Cli.Nowhere, "start", SamplePath("bill-of-materials-patch"), "--branch", "3.18.x", "--plan-only", "--strict");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("1 stage, 2 components", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Start_PlanOverTemporalsInputLimit_RefusedBeforeConnecting()
    {
        var names = Enumerable.Range(0, 30_000).Select(i => $"component-{i}").ToList();
        var path = Manifests.WriteText(JsonSerializer.Serialize(new
        {
            name = "huge",
            version = "1.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = names.Select(n => new { name = n }),
            buildDependencies = names.Chunk(1000),
        }));

        var planOnly = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main", "--plan-only", "--json");
        var start = await Cli.RunAsync(Cli.Nowhere, "start", path, "--branch", "main");

        Assert.True(planOnly.ExitCode == ExitCodes.Success, planOnly.Error);
        InputTests.AssertOneLineError(start, ExitCodes.UsageError, "the plan of 30000 components is ");
        Assert.Contains("MB as a workflow input, and Temporal refuses inputs over 2 MB; split the release into several manifests", start.Error, StringComparison.Ordinal);
    }

    private static string SamplePath(string sample)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Release.sln")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException($"no Release.sln above {AppContext.BaseDirectory}");
        }

        return Path.Combine(directory.FullName, "release-data", "samples", sample, "release.json");
    }

    private static string Retired(string name) =>
        $$"""{"name": "{{name}}", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [{"name": "a"}, {"name": "b"}], "buildDependencies": [["a"], ["b", "retired-lib"]]}""";

    private static int RetiredColumn(string path) => File.ReadAllText(path).IndexOf("\"retired-lib\"", StringComparison.Ordinal) + 1;

    private static string NothingToRelease(string name) => $$"""
        {
          "name": "{{name}}", "version": "2.1.0", "scmHttpUrl": "https://github.com/acme",
          "components": [ { "name": "core" }, { "name": "ui", "version": "2.1.3" } ],
          "buildDependencies": [ ["core"], ["ui"] ]
        }
        """;
}
