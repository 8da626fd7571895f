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
    public void From_DemoManifest_OneGithubProjectPerPlannedComponent()
    {
        var parsed = ManifestParser.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "release-data", "demo", "release.json")));
        var plan = ExecutionPlanner.Build(parsed.Manifest!);

        var projects = ManifestProjects.From(plan);

        var planned = plan.Stages.SelectMany(s => s.Components).ToList();
        Assert.Equal(planned.Select(c => c.Name), projects.Projects.Select(p => p.Project));
        Assert.Equal(planned.Select(c => c.ProjectSlug), projects.Projects.Select(p => p.Slug));
        Assert.All(projects.Projects, p => Assert.StartsWith("gh/acme/", p.Slug, StringComparison.Ordinal));
    }

    [Fact]
    public void From_HandBuiltPlanWithBadSlug_Throws()
    {
        var plan = new ExecutionPlan("r", "1", [new PlannedStage(1, 1, [new PlannedComponent("c", "1", "not-a-slug", null, new Dictionary<string, JsonElement>())])], []);

        Assert.Throws<ArgumentException>(() => ManifestProjects.From(plan));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Release.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Release.sln above {AppContext.BaseDirectory}");
    }
}
