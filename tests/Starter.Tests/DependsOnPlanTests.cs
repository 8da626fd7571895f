using System.Text.Json;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary><c>start --plan-only</c> on a manifest with <c>dependsOn</c>: dependencies and depths shown.</summary>
public sealed class DependsOnPlanTests
{
    private const string Manifest = """
        {
          "name": "NAME", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme",
          "components": [
            {"name": "a"}, {"name": "lib", "version": "1.0.0"},
            {"name": "b", "dependsOn": ["a", "lib"]}, {"name": "c", "dependsOn": ["b"]}
          ],
          "buildDependencies": [["a"], ["b"], ["c"]]
        }
        """;

    [Fact]
    public async Task Start_PlanOnly_ShowsDependenciesAndDepths()
    {
        var path = Manifests.WriteText(Manifest.Replace("NAME", $"d{Guid.NewGuid():N}"[..10], StringComparison.Ordinal));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--branch", "main");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Depends on", result.Out, StringComparison.Ordinal);
        Assert.Contains("Depth", result.Out, StringComparison.Ordinal);
        var rowOfC = Assert.Single(result.Out.Split('\n'), line => line.Contains("gh/acme/c", StringComparison.Ordinal));
        Assert.Matches(@"│ b\s+│ 2\s+│", rowOfC);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Start_PlanOnlyJson_IncludesReleasedDependenciesAndDepths()
    {
        var path = Manifests.WriteText(Manifest.Replace("NAME", $"d{Guid.NewGuid():N}"[..10], StringComparison.Ordinal));

        var result = await Cli.RunAsync(Cli.Nowhere, "start", path, "--plan-only", "--json", "--branch", "main");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var components = json.RootElement.GetProperty("stages").EnumerateArray()
            .Select(s => s.GetProperty("components")[0])
            .ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(0, components["a"].GetProperty("depth").GetInt32());
        Assert.Equal(["a"], components["b"].GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(1, components["b"].GetProperty("depth").GetInt32());
        Assert.Equal(["b"], components["c"].GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, components["c"].GetProperty("depth").GetInt32());
    }
}
