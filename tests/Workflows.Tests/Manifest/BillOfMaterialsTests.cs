using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary>
/// <c>components</c> as real release repositories write it: the whole product, including
/// components not released this time, with a build order that may still name former components.
/// </summary>
public class BillOfMaterialsTests
{
    [Fact]
    public void Parse_ReleasedComponentInNoStage_IsFineAndSkipped()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b"}, {"name": "old-ui", "version": "2.10.4"}]""");

        var result = ManifestParser.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        var plan = ExecutionPlanner.Build(result.Manifest);
        Assert.Equal(["a", "b"], plan.Stages.SelectMany(s => s.Components).Select(c => c.Name));
        Assert.Equal(["old-ui"], plan.Skipped);
    }

    [Fact]
    public void Parse_SnapshotInNoStage_StaysAnError()
    {
        var error = Manifests.SingleError(Documents.With(components: """[{"name": "a"}, {"name": "b"}, {"name": "c", "version": "1.0.0-SNAPSHOT"}]"""));

        Assert.StartsWith("components[2] (\"c\") is a snapshot (1.0.0-SNAPSHOT) in no stage of buildDependencies, so it would never be released;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_StageEntryThatIsNoComponent_IsLeftOutAndItsEmptiedStageDropped()
    {
        var json = Documents.With(stages: """[["a"], ["retired-lib"], ["b", "retired-lib-2"]]""");

        var result = ManifestParser.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Warnings.Count);
        var plan = ExecutionPlanner.Build(result.Manifest);
        Assert.Equal([1, 3], plan.Stages.Select(s => s.ManifestStage));
        Assert.Equal(["b"], plan.Stages[1].Components.Select(c => c.Name));
    }

    [Fact]
    public void Parse_Strict_MakesAStageEntryThatIsNoComponentAnError()
    {
        var json = Documents.With(stages: """[["a"], ["b", "retired-lib"]]""");

        var result = ManifestParser.Parse(json, new ManifestParseOptions(Strict: true));

        Assert.False(result.IsValid);
        Assert.Empty(result.Warnings);
        var error = Assert.Single(result.Errors);
        Assert.Equal("buildDependencies[1] (stage 2) names \"retired-lib\", which is not a component (refused when reading strictly); remove it, or add it to components", error.Message);
        Assert.Equal(Documents.StagesLine, error.Line);
    }

    [Fact]
    public void Parse_Strict_AcceptsAManifestWithoutWarnings()
    {
        Assert.True(ManifestParser.Parse(Manifests.Valid, new ManifestParseOptions(Strict: true)).IsValid);
    }

    [Theory]
    [InlineData("1.0.0-SNAPHOT")]
    [InlineData("1.0.0-SNAPSHOT.1")]
    [InlineData("1.0.0-SNAPSHOT-2")]
    [InlineData("1.0.0-snapshot")]
    [InlineData("1.0.0-Snapshot")]
    [InlineData("1.0.0_SNAPSHOT")]
    [InlineData("1.0.0-SNAPSHOT ")]
    public void Parse_VersionThatLooksLikeASnapshot_WarnsItWillNotBeReleased(string version)
    {
        var json = Documents.With(components: $$"""[{"name": "a"}, {"name": "b", "version": "{{version}}"}]""");

        var result = ManifestParser.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(
            $"components[1] (\"b\") version \"{version}\" looks like a snapshot but does not end with \"-SNAPSHOT\" exactly, so it will not be released; end it with \"-SNAPSHOT\" (capitals) to release it",
            warning.Message);
        Assert.Equal("components[1].version", warning.Path);
        Assert.Equal(["b"], ExecutionPlanner.Build(result.Manifest).Skipped);
    }

    [Fact]
    public void Parse_ReleaseVersionThatLooksLikeASnapshot_WarnsForTheComponentsThatInheritIt()
    {
        var json = Documents.With().Replace("3.1.0-SNAPSHOT", "3.1.0-snapshot", StringComparison.Ordinal);

        var result = ManifestParser.Parse(json);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("version", warning.Path);
        Assert.Contains("so the components without a version of their own will not be released", warning.Message, StringComparison.Ordinal);
        Assert.Empty(ExecutionPlanner.Build(result.Manifest!).Stages);
    }

    [Theory]
    [InlineData("1.0.0-SNAPSHOT")]
    [InlineData("1.0.0")]
    [InlineData("2.3.1-RC1")]
    public void Parse_OrdinaryVersions_AreNoLookAlikes(string version)
    {
        var json = Documents.With(components: $$"""[{"name": "a"}, {"name": "b", "version": "{{version}}"}]""");

        Assert.Empty(ManifestParser.Parse(json).Warnings);
    }
}
