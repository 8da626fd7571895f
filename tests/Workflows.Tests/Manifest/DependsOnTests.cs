using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary><c>dependsOn</c>: every way it can be wrong, each placed, and the depths it plans.</summary>
public class DependsOnTests
{
    [Fact]
    public void Parse_NotAnArray_NamesTheShape()
    {
        var json = Documents.With(components: """[{"name": "a", "dependsOn": "b"}, {"name": "b"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[0].dependsOn", error.Path);
        Assert.Contains("must be an array of component names, found a string", error.Message, StringComparison.Ordinal);
        Assert.Equal(Documents.ComponentsLine, error.Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "\"b\"}"), error.Column);
    }

    [Fact]
    public void Parse_EntriesNotNames_EachReported()
    {
        var json = Documents.With(components: """[{"name": "a", "dependsOn": [1, "", null, "b"]}, {"name": "b"}]""");

        var errors = Manifests.ParseInvalid(json);

        Assert.Equal(["components[0].dependsOn[0]", "components[0].dependsOn[1]", "components[0].dependsOn[2]"], errors.Select(e => e.Path));
        Assert.Contains("found a number", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("found an empty string", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("found null", errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "1,"), errors[0].Column);
    }

    [Fact]
    public void Parse_UnknownName_SaysItIsNotAComponent()
    {
        var json = Documents.With(components: """[{"name": "a", "dependsOn": ["ghost"]}, {"name": "b"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[0].dependsOn[0]", error.Path);
        Assert.Contains("depends on \"ghost\", which is not a component", error.Message, StringComparison.Ordinal);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "\"ghost\""), error.Column);
    }

    [Fact]
    public void Parse_SelfDependency_IsAnError()
    {
        var json = Documents.With(components: """[{"name": "a", "dependsOn": ["a"]}, {"name": "b"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[0].dependsOn[0]", error.Path);
        Assert.Contains("depends on itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedEntry_PointsAtTheRepeat()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b", "dependsOn": ["a", "a"]}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[1].dependsOn[1]", error.Path);
        Assert.Contains("repeats \"a\" of dependsOn[0]", error.Message, StringComparison.Ordinal);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "\"a\"]"), error.Column);
    }

    [Fact]
    public void Parse_Cycle_NamedInOrderOnce()
    {
        var json = Documents.With(
            components: """[{"name": "a", "dependsOn": ["b"]}, {"name": "b", "dependsOn": ["c"]}, {"name": "c", "dependsOn": ["a"]}]""",
            stages: """[["a", "b", "c"]]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[2].dependsOn[0]", error.Path);
        Assert.Contains("a -> b -> c -> a", error.Message, StringComparison.Ordinal);
        Assert.Equal(Documents.ComponentsLine, error.Line);
    }

    [Fact]
    public void Parse_TwoCyclesAndOtherProblems_AllReported()
    {
        var json = Documents.With(
            components: """[{"name": "a", "dependsOn": ["b"]}, {"name": "b", "dependsOn": ["a", "x"]}, {"name": "c", "dependsOn": ["d", "c"]}, {"name": "d", "dependsOn": ["c"]}]""",
            stages: """[["a", "b", "c", "d"]]""");

        var errors = Manifests.ParseInvalid(json);

        Assert.Equal(4, errors.Count);
        Assert.Single(errors, e => e.Message.Contains("a -> b -> a", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Message.Contains("c -> d -> c", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Message.Contains("\"x\", which is not a component", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Message.Contains("depends on itself", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DependencyReleasedOrInNoStage_IsSatisfied()
    {
        // "lib" is released already (not a snapshot, in no stage); "old" is a snapshot-free stage member.
        var json = Documents.With(
            components: """[{"name": "lib", "version": "1.0.0"}, {"name": "old", "version": "2.0.0"}, {"name": "a", "dependsOn": ["lib", "old"]}]""",
            stages: """[["old"], ["a"]]""");

        var result = ManifestParser.Parse(json);
        var plan = ExecutionPlanner.Build(result.Manifest!);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        var a = Assert.Single(plan.Stages.SelectMany(s => s.Components));
        Assert.Equal(0, a.Depth);
        Assert.Empty(a.Dependencies);
    }

    [Fact]
    public void Plan_Depths_AreTheLongestReleasedChain()
    {
        // d -> b -> a and d -> c; e depends only on a released component.
        var json = Documents.With(
            components: """[{"name": "a"}, {"name": "b", "dependsOn": ["a"]}, {"name": "c"}, {"name": "d", "dependsOn": ["c", "b"]}, {"name": "lib", "version": "1.0.0"}, {"name": "e", "dependsOn": ["lib"]}]""",
            stages: """[["a", "c", "e"], ["b"], ["d"]]""");

        var plan = ExecutionPlanner.Build(Manifests.ParseValid(json));

        var byName = plan.Stages.SelectMany(s => s.Components).ToDictionary(c => c.Name);
        Assert.Equal([("a", 0), ("b", 1), ("c", 0), ("d", 2), ("e", 0)], byName.Values.OrderBy(c => c.Name).Select(c => (c.Name, c.Depth)));
        Assert.Equal(["c", "b"], byName["d"].Dependencies);
        Assert.Empty(byName["e"].Dependencies);
    }

    [Fact]
    public void Plan_Serialized_KeepsDependenciesAndOldPlansStillRead()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b", "dependsOn": ["a"]}]""");
        var plan = ExecutionPlanner.Build(Manifests.ParseValid(json));

        var roundTripped = JsonSerializer.Deserialize<ExecutionPlan>(JsonSerializer.Serialize(plan))!;
        var old = JsonSerializer.Deserialize<PlannedComponent>("""{"Name": "a", "Version": "1", "ProjectSlug": "gh/o/a", "Branch": null, "Parameters": {}}""")!;

        var b = roundTripped.Stages[1].Components[0];
        Assert.Equal(1, b.Depth);
        Assert.Equal(["a"], b.Dependencies);
        Assert.DoesNotContain("Depth", JsonSerializer.Serialize(roundTripped.Stages[0].Components[0]), StringComparison.Ordinal);
        Assert.Equal((0, 0), (old.Depth, old.Dependencies.Count));
    }

    [Fact]
    public void ParseAndPlan_100000ChainedComponents_InSeconds()
    {
        // A single chain is the deepest graph: a recursive search would overflow the stack.
        const int Components = 100_000;
        var text = new StringBuilder("""{"name": "x", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [""");
        for (var i = 0; i < Components; i++)
        {
            text.Append(i == 0 ? """{"name": "c0"}""" : $$""", {"name": "c{{i}}", "dependsOn": ["c{{i - 1}}"]}""");
        }

        text.Append("], \"buildDependencies\": [[").AppendJoin(", ", Enumerable.Range(0, Components).Select(i => $"\"c{i}\"")).Append("]]}");
        var clock = Stopwatch.StartNew();

        var result = ManifestParser.Parse(text.ToString());
        var plan = ExecutionPlanner.Build(result.Manifest!);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Take(5)));
        Assert.Equal(Components - 1, plan.Stages[0].Components[^1].Depth);
    }

    [Fact]
    public void Parse_100000ComponentCycle_ReportedOnceWithItsEnds()
    {
        const int Components = 100_000;
        var components = string.Join(", ", Enumerable.Range(0, Components).Select(i => $$"""{"name": "c{{i}}", "dependsOn": ["c{{(i + 1) % Components}}"]}"""));
        var json = $$"""{"name": "x", "version": "1.0.0", "scmHttpUrl": "https://github.com/acme", "components": [{{components}}], "buildDependencies": [["c0"]]}""";

        var error = Assert.Single(ManifestParser.Parse(json).Errors);

        Assert.StartsWith("dependsOn makes a cycle: c0 -> c1 -> ", error.Message, StringComparison.Ordinal);
        Assert.Contains("c9 -> ... (99981 more) -> c99991", error.Message, StringComparison.Ordinal);
        Assert.Contains("c99999 -> c0;", error.Message, StringComparison.Ordinal);
    }
}
