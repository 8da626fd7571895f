using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary>The manifests shipped in <c>release-data/</c> must stay valid and plan as documented.</summary>
public class SampleManifestTests
{
    [Fact]
    public void Small_ParsesAndPlansThreeStages()
    {
        var manifest = Manifests.ParseValid(TestFiles.Read("release-data", "samples", "small", "release.json"));
        var plan = ExecutionPlanner.Build(manifest);

        Assert.Equal(6, manifest.Components.Count);
        Assert.Equal(3, plan.Stages.Count);
        Assert.Equal(["gravitee-definition"], plan.Skipped);
    }

    [Fact]
    public void DependsOn_ParsesAndPlansItsDepths()
    {
        var plan = ExecutionPlanner.Build(Manifests.ParseValid(TestFiles.Read("release-data", "samples", "depends-on", "release.json")));

        var depths = plan.Stages.SelectMany(s => s.Components).ToDictionary(c => c.Name, c => c.Depth);
        Assert.Equal(0, depths["gravitee-common"]);
        Assert.Equal(1, depths["gravitee-gateway-api"]);
        Assert.Equal(2, depths["gravitee-policy-api"]);
        Assert.Equal(3, depths["gravitee-gateway"]);
        Assert.Equal(0, depths["gravitee-management-rest-api"]);
        Assert.Equal(["gravitee-definition"], plan.Skipped);
    }

    [Fact]
    public void Default_ParsesAndDropsItsUnchangedStage()
    {
        var manifest = Manifests.ParseValid(TestFiles.Read("release-data", "release.json"));
        var plan = ExecutionPlanner.Build(manifest, new PlanOptions { Branch = "3.2.x" });

        Assert.InRange(manifest.Components.Count, 10, 15);
        Assert.Equal(4, manifest.BuildDependencies.Count);
        Assert.Equal([1, 3, 4], plan.Stages.Select(s => s.ManifestStage));
        var portal = plan.Stages[^1].Components.Single(c => c.Name == "gravitee-portal-webui");
        Assert.Equal("gh/gravitee-io/gravitee-portal-ui", portal.ProjectSlug);
        Assert.Equal("3.2.x", portal.Branch);
    }

    [Fact]
    public void Large_ParsesAbout70ComponentsInAbout12Stages()
    {
        var manifest = Manifests.ParseValid(TestFiles.Read("release-data", "samples", "large", "release.json"));
        var plan = ExecutionPlanner.Build(manifest);

        Assert.InRange(manifest.Components.Count, 65, 75);
        Assert.Equal(12, manifest.BuildDependencies.Count);
        Assert.Equal(10, plan.Stages.Count);
        Assert.Equal(manifest.Components.Count, plan.Stages.Sum(s => s.Components.Count) + plan.Skipped.Count);
        Assert.All(plan.Stages.SelectMany(s => s.Components), c => Assert.EndsWith("-SNAPSHOT", c.Version, StringComparison.Ordinal));
    }

    [Fact]
    public void BillOfMaterials_PlansOnlyTheSnapshotsAndWarnsOfRetiredStageEntries()
    {
        var result = ManifestParser.Parse(TestFiles.Read("release-data", "samples", "bill-of-materials", "release.json"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var plan = ExecutionPlanner.Build(result.Manifest, new PlanOptions { Branch = "3.20.x" });
        Assert.Equal(40, result.Manifest.Components.Count);
        Assert.Equal(6, plan.Stages.Count);
        Assert.Equal(13, plan.Stages.Sum(s => s.Components.Count));
        Assert.Equal(27, plan.Skipped.Count);
        Assert.Contains("gravitee-kubernetes", plan.Skipped);
        Assert.Equal(
            ["gravitee-policy-dynamic-routing", "gravitee-repository-gateway-bridge-http"],
            result.Warnings.Select(w => w.Message.Split('"')[1]));
        Assert.All(result.Warnings, w => Assert.Contains("which is not a component, so it is left out of the plan", w.Message, StringComparison.Ordinal));
        var ui = plan.Stages[^1].Components.Single(c => c.Name == "gravitee-management-webui");
        Assert.Equal("gh/gravitee-io/gravitee-api-management-ui", ui.ProjectSlug);
    }

    [Fact]
    public void BillOfMaterials_ReadStrictly_IsRefusedForItsRetiredStageEntries()
    {
        var result = ManifestParser.Parse(
            TestFiles.Read("release-data", "samples", "bill-of-materials", "release.json"), new ManifestParseOptions(Strict: true));

        Assert.False(result.IsValid);
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void BillOfMaterialsPatch_WholeBuildOrder_PlansOneStageOfTwo()
    {
        var result = ManifestParser.Parse(TestFiles.Read("release-data", "samples", "bill-of-materials-patch", "release.json"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        var plan = ExecutionPlanner.Build(result.Manifest, new PlanOptions { Branch = "3.18.x" });
        var stage = Assert.Single(plan.Stages);
        Assert.Equal(7, stage.ManifestStage);
        Assert.Equal(["gravitee-gateway", "gravitee-management-rest-api"], stage.Components.Select(c => c.Name));
        Assert.Equal(38, plan.Skipped.Count);
    }
}
