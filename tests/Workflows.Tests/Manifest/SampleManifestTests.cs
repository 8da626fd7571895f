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
}
