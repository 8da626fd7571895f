using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class StageOrderConflictsTests
{
    [Fact]
    public void Of_DependenciesInEarlierStages_FindsNothing()
    {
        var plan = Plan("""[["a"], ["b"]]""", """[{"name": "a"}, {"name": "b", "dependsOn": ["a"]}]""");

        Assert.Empty(StageOrderConflicts.Of(plan));
    }

    [Fact]
    public void Of_DependencyInTheSameOrALaterStage_NamesEach()
    {
        var plan = Plan(
            """[["a", "b"], ["c"]]""",
            """[{"name": "a"}, {"name": "b", "dependsOn": ["a"]}, {"name": "c"}, {"name": "x", "version": "2.0.0"}, {"name": "d", "dependsOn": ["c", "x"]}]""",
            extraStage: """["d"]""",
            dStageFirst: true);

        var conflicts = StageOrderConflicts.Of(plan);

        Assert.Equal(
            ["d (stage 1) depends on c, which is in the later stage 3: under --schedule stages it starts first", "b depends on a, both in stage 2: under --schedule stages they start together"],
            conflicts.Select(c => c.Describe()).ToList());
    }

    private static ExecutionPlan Plan(string stages, string components, string? extraStage = null, bool dStageFirst = false)
    {
        var buildDependencies = extraStage is null ? stages : dStageFirst ? $"[{extraStage}, {stages[1..^1]}]" : $"[{stages[1..^1]}, {extraStage}]";
        var json = $$"""{"name": "p", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": {{components}}, "buildDependencies": {{buildDependencies}}}""";
        var parsed = ManifestParser.Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main" });
    }
}
