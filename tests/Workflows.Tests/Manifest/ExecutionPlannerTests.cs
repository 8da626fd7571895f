using System.Text.Json;
using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class ExecutionPlannerTests
{
    private static readonly ReleaseManifest Manifest = Manifests.ParseValid(Manifests.Valid);

    [Fact]
    public void Build_DefaultOptions_KeepsOnlySnapshotComponents()
    {
        var plan = ExecutionPlanner.Build(Manifest);

        Assert.Equal("Gravitee.io", plan.ReleaseName);
        Assert.Equal("3.1.0-SNAPSHOT", plan.ReleaseVersion);
        Assert.Equal(
            ["gravitee-common", "gravitee-gateway", "gravitee-management-webui"],
            plan.Stages.SelectMany(s => s.Components).Select(c => c.Name));
        Assert.Equal(["gravitee-definition"], plan.Skipped);
    }

    [Fact]
    public void Build_StageWithNothingToRelease_IsDroppedButKeepsManifestNumbers()
    {
        var plan = ExecutionPlanner.Build(Manifest);

        Assert.Equal([1, 2], plan.Stages.Select(s => s.Index));
        Assert.Equal([1, 3], plan.Stages.Select(s => s.ManifestStage));
    }

    [Fact]
    public void Build_CustomSnapshotSuffix_SelectsByThatSuffix()
    {
        var json = Manifests.Valid.Replace("1.22.1", "1.22.1-RC", StringComparison.Ordinal);

        var plan = ExecutionPlanner.Build(Manifests.ParseValid(json), new PlanOptions { SnapshotSuffix = "-RC" });

        var stage = Assert.Single(plan.Stages);
        Assert.Equal(2, stage.ManifestStage);
        Assert.Equal("gravitee-definition", Assert.Single(stage.Components).Name);
        Assert.Equal(["gravitee-common", "gravitee-gateway", "gravitee-management-webui"], plan.Skipped);
    }

    [Fact]
    public void Build_EmptySuffix_ReleasesEveryComponent()
    {
        var plan = ExecutionPlanner.Build(Manifest, new PlanOptions { SnapshotSuffix = "" });

        Assert.Equal(3, plan.Stages.Count);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Build_NothingToRelease_GivesAnEmptyPlan()
    {
        var json = Documents.With().Replace("3.1.0-SNAPSHOT", "3.1.0", StringComparison.Ordinal);

        var plan = ExecutionPlanner.Build(Manifests.ParseValid(json));

        Assert.Empty(plan.Stages);
        Assert.Equal(["a", "b"], plan.Skipped);
    }

    [Fact]
    public void Build_NoOverrides_DerivesSlugAndUsesStartCommandBranchAndParameters()
    {
        var options = new PlanOptions
        {
            Branch = "3.1.x",
            Parameters = new Dictionary<string, JsonElement> { ["gio_action"] = JsonSerializer.SerializeToElement("release") },
        };

        var common = ExecutionPlanner.Build(Manifest, options).Stages[0].Components[0];

        Assert.Equal("gh/gravitee-io/gravitee-common", common.ProjectSlug);
        Assert.Equal("1.17.0-SNAPSHOT", common.Version);
        Assert.Equal("3.1.x", common.Branch);
        Assert.Equal("release", Assert.Single(common.Parameters).Value.GetString());
    }

    [Fact]
    public void Build_NoBranchAnywhere_LeavesBranchToCircleCi()
    {
        Assert.Null(ExecutionPlanner.Build(Manifest).Stages[0].Components[0].Branch);
    }

    [Fact]
    public void Build_ComponentOverrides_WinOverStartCommandAndMergeParameters()
    {
        var options = new PlanOptions
        {
            Branch = "3.1.x",
            Parameters = new Dictionary<string, JsonElement>
            {
                ["gio_action"] = JsonSerializer.SerializeToElement("release"),
                ["dry_run"] = JsonSerializer.SerializeToElement(true),
            },
        };

        var webui = ExecutionPlanner.Build(Manifest, options).Stages[1].Components.Single(c => c.Name == "gravitee-management-webui");

        Assert.Equal("gh/gravitee-io/gravitee-ui", webui.ProjectSlug);
        Assert.Equal("ui-3.1.x", webui.Branch);
        Assert.Equal("3.1.0-SNAPSHOT", webui.Version);
        Assert.Equal(3, webui.Parameters.Count);
        Assert.Equal("release", webui.Parameters["gio_action"].GetString());
        Assert.False(webui.Parameters["dry_run"].GetBoolean());
        Assert.Equal("12", webui.Parameters["node_version"].GetString());
    }

    [Fact]
    public void Build_ComponentsKeepStageOrderNotManifestOrder()
    {
        var json = Documents.With(
            components: """[{"name": "a"}, {"name": "b"}, {"name": "c"}]""",
            stages: """[["c", "a"], ["b"]]""");

        var plan = ExecutionPlanner.Build(Manifests.ParseValid(json));

        Assert.Equal(["c", "a"], plan.Stages[0].Components.Select(c => c.Name));
    }

    [Fact]
    public void Build_HandBuiltManifestWithUnknownStageEntry_Throws()
    {
        var manifest = Manifest with { BuildDependencies = [["nobody"]] };

        Assert.Throws<ArgumentException>(() => ExecutionPlanner.Build(manifest));
    }

    [Fact]
    public void Build_IsDeterministic()
    {
        var first = JsonSerializer.Serialize(ExecutionPlanner.Build(Manifest));
        var second = JsonSerializer.Serialize(ExecutionPlanner.Build(Manifests.ParseValid(Manifests.Valid)));

        Assert.Equal(first, second);
    }
}
