using System.Text.RegularExpressions;
using Release.CircleCiSimulator;

namespace Release.CircleCi.Tests;

/// <summary>Scenario files: the shipped samples and the README example load; mistakes are caught up front.</summary>
public sealed partial class ScenarioTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.SimulatorFolder, "scenarios"), "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void LoadFile_ShippedSample_IsValid(string fileName)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepositoryFiles.SimulatorFolder, "scenarios", fileName));

        Assert.NotEmpty(scenario.Projects);
    }

    [Fact]
    public void Parse_ReadmeExample_IsValid()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.SimulatorFolder, "README.md"));
        var examples = JsonBlock().Matches(readme).Select(m => m.Groups[1].Value).Where(j => j.Contains("\"projects\"", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, json => Assert.NotEmpty(ScenarioLoader.Parse(json).Projects));
    }

    [Theory]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "requires": ["b"]}]}]}}}""", "requires 'b'")]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "type": "approval", "status": "failed"}]}]}}}""", "approval job")]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "status": "exploded"}]}]}}}""", "status must be one of")]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": []}]}}}""", "at least one job")]
    [InlineData("""{"projects": {"gh/acme": {}}}""", "slug must look like")]
    [InlineData("""{"faults": {"rateLimitRate": 1.5}}""", "between 0 and 1")]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "durationRange": [5, 1]}]}]}}}""", "durationRange")]
    [InlineData("""{"projekts": {}}""", "projekts")]
    [InlineData("""{"projects": """, "")]
    public void Parse_InvalidScenario_ThrowsWithTheProblem(string json, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FindProject_UnknownSlug_FallsBackToStar()
    {
        var star = new ProjectSpec { SetupDelaySeconds = 9 };
        var api = new ProjectSpec { SetupDelaySeconds = 1 };
        var scenario = new SimulatorScenario { Projects = new Dictionary<string, ProjectSpec> { ["*"] = star, ["gh/acme/api"] = api } };

        Assert.Same(api, scenario.FindProject("gh/acme/api"));
        Assert.Same(api, scenario.FindProject("gh/ACME/api"));
        Assert.Same(star, scenario.FindProject("gh/acme/web"));
        Assert.Null(new SimulatorScenario().FindProject("gh/acme/web"));
    }

    [Fact]
    public void Build_DurationRange_IsSeededPerProjectAndPipeline()
    {
        var spec = new ProjectSpec
        {
            Workflows = [new WorkflowSpec { Name = "w", Jobs = [new JobSpec { Name = "a", DurationRange = [10, 20] }] }],
        };
        double Draw(long pipelineNumber)
        {
            var random = new Random(PlanBuilder.StableSeed(42, "gh/acme/api", pipelineNumber));
            return PlanBuilder.Build(spec, random, () => 1).Workflows[0].Jobs[0].DurationSeconds;
        }

        Assert.Equal(Draw(1), Draw(1));
        Assert.NotEqual(Draw(1), Draw(2));
        Assert.All(Enumerable.Range(1, 20), n => Assert.InRange(Draw(n), 10, 20));
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
