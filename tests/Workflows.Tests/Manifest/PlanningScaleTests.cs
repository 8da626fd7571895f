using System.Diagnostics;
using System.Text;
using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary>
/// Parsing, validation and planning are linear. The bound is far above what a linear pass needs
/// on a loaded machine (about a second) and far below what a quadratic one would take (hours).
/// </summary>
public class PlanningScaleTests
{
    private const int Components = 100_000;

    [Fact]
    public void ParseAndPlan_100000Components_InSeconds()
    {
        var json = BigManifest(Components, stageSize: 1000, retiredPerStage: 10);
        var clock = Stopwatch.StartNew();

        var result = ManifestParser.Parse(json);
        var plan = ExecutionPlanner.Build(result.Manifest!, new PlanOptions { Branch = "main" });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Take(5)));
        Assert.Equal(Components / 1000 * 10, result.Warnings.Count);
        Assert.Equal(Components / 2, plan.Stages.Sum(s => s.Components.Count));
        Assert.Equal(Components / 2, plan.Skipped.Count);
    }

    [Fact]
    public void Parse_100000ProblemsOnOneLine_InSeconds()
    {
        // Every component repeated on one line: locating each error must not rescan the line.
        var components = string.Join(", ", Enumerable.Range(0, Components).Select(_ => """{"name": "a"}"""));
        var json = $$"""{"name": "x", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [{{components}}], "buildDependencies": [["a"]]}""";
        var clock = Stopwatch.StartNew();

        var result = ManifestParser.Parse(json);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Equal(Components - 1, result.Errors.Count);
        Assert.Equal(1, result.Errors[^1].Line);
        Assert.Equal(json.LastIndexOf("{\"name\": \"a\"}", StringComparison.Ordinal) + 1, result.Errors[^1].Column);
    }

    /// <summary>Half snapshots; each stage also names some retired components, which are warnings.</summary>
    internal static string BigManifest(int components, int stageSize, int retiredPerStage)
    {
        var json = new StringBuilder("{\n  \"name\": \"Big\", \"version\": \"1.0.0\", \"scmHttpUrl\": \"https://github.com/acme\",\n  \"components\": [\n");
        for (var i = 0; i < components; i++)
        {
            json.Append($"    {{ \"name\": \"c{i}\", \"version\": \"{(i % 2 == 0 ? "2.0.0-SNAPSHOT" : "2.0.0")}\" }}{(i + 1 < components ? "," : "")}\n");
        }

        json.Append("  ],\n  \"buildDependencies\": [\n");
        for (var stage = 0; stage * stageSize < components; stage++)
        {
            var names = Enumerable.Range(stage * stageSize, Math.Min(stageSize, components - (stage * stageSize))).Select(i => $"\"c{i}\"")
                .Concat(Enumerable.Range(0, retiredPerStage).Select(r => $"\"retired-{stage}-{r}\""));
            json.Append($"    [{string.Join(", ", names)}]{((stage + 1) * stageSize < components ? "," : "")}\n");
        }

        return json.Append("  ]\n}\n").ToString();
    }
}
