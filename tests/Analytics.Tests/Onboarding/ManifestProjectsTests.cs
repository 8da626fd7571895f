using System.Text.Json;
using Release.Analytics.Onboarding;
using Release.Workflows.Manifest;

namespace Release.Analytics.Tests.Onboarding;

public sealed class ManifestProjectsTests
{
    [Fact]
    public void From_Plan_EveryReleasedComponentOnceWithCanonicalSlug()
    {
        var plan = ExecutionPlanner.Build(new ReleaseManifest(
            "APIM", "4.2.0", "https://github.com/gravitee-io",
            [
                new ManifestComponent("gateway", "4.2.0-SNAPSHOT"),
                new ManifestComponent("console", "4.2.0-SNAPSHOT", new CircleCiOverrides(ProjectSlug: "github/gravitee-io/gravitee-ui")),
                new ManifestComponent("portal", "4.2.0-SNAPSHOT", new CircleCiOverrides(ProjectSlug: "gh/gravitee-io/gravitee-ui")),
                new ManifestComponent("old", "1.0.0"),
            ],
            [["gateway", "old"], ["console", "portal"]]));

        var projects = ManifestProjects.From(plan);

        Assert.Equal("APIM", projects.Native);
        Assert.Equal(
            [new OnboardedProject("gateway", "gh/gravitee-io/gateway"), new OnboardedProject("console", "gh/gravitee-io/gravitee-ui")],
            projects.Projects);
    }

    [Fact]
    public void From_HandBuiltPlanWithBadSlug_Throws()
    {
        var plan = new ExecutionPlan("r", "1", [new PlannedStage(1, 1, [new PlannedComponent("c", "1", "not-a-slug", null, new Dictionary<string, JsonElement>())])], []);

        Assert.Throws<ArgumentException>(() => ManifestProjects.From(plan));
    }
}
