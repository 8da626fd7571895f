using System.Text;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Tests.Manifest;

namespace Release.Workflows.Tests.Release;

/// <summary>Workflow ids stay within Temporal's 1,000 bytes however long the release name is.</summary>
public class ReleaseWorkflowIdTests
{
    private const int TemporalIdLimitBytes = 1000;

    [Fact]
    public void WorkflowId_ShortName_IsReadable()
    {
        Assert.Equal("release-gravitee.io-apim-3.2.0-snapshot", ReleaseWorkflowOptions.WorkflowId(Plan("Gravitee.io APIM", "3.2.0-SNAPSHOT")));
    }

    [Fact]
    public void WorkflowId_LongName_IsCutWithAStableHash()
    {
        var name = string.Concat(Enumerable.Repeat("Gravitee.io API Management ", 200));

        var id = ReleaseWorkflowOptions.WorkflowId(Plan(name, "3.2.0-SNAPSHOT"));

        Assert.Equal(ReleaseWorkflowOptions.MaxIdLength, id.Length);
        Assert.StartsWith("release-gravitee.io-api-management-gravitee.io", id, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{12}$", id);
        Assert.Equal(id, ReleaseWorkflowOptions.WorkflowId(Plan(name, "3.2.0-SNAPSHOT")));
    }

    [Fact]
    public void WorkflowId_LongNamesDifferingOnlyAfterTheCut_DoNotCollide()
    {
        var name = new string('a', 5000);

        var first = ReleaseWorkflowOptions.WorkflowId(Plan(name + "one", "1.0.0"));
        var second = ReleaseWorkflowOptions.WorkflowId(Plan(name + "two", "1.0.0"));
        var otherVersion = ReleaseWorkflowOptions.WorkflowId(Plan(name + "one", "1.0.1"));

        Assert.NotEqual(first, second);
        Assert.NotEqual(first, otherVersion);
    }

    [Fact]
    public void WorkflowId_LongVersionToo_StaysWithinTheLimit()
    {
        var id = ReleaseWorkflowOptions.WorkflowId(Plan(new string('n', 3000), new string('9', 3000)));

        Assert.True(id.Length <= ReleaseWorkflowOptions.MaxIdLength, id);
    }

    [Fact]
    public void ComponentWorkflowIds_FromTheLongestReleaseAndComponentNames_StayWithinTemporalsLimit()
    {
        // The longest component name a manifest accepts, in the longest release id.
        var component = new string('c', 100);
        var json = Documents.With(components: $$"""[{"name": "a"}, {"name": "b"}, {"name": "{{component}}", "version": "1.0.0"}]""");
        Assert.True(ManifestParser.Parse(json).IsValid);
        var id = ReleaseWorkflowOptions.WorkflowId(Plan(new string('n', 10_000), "1.0.0-SNAPSHOT"));

        // StageRun names each component workflow "{release id}/{component}".
        Assert.True(Encoding.UTF8.GetByteCount($"{id}/{component}") <= TemporalIdLimitBytes);
        Assert.True(Encoding.UTF8.GetByteCount(id) <= TemporalIdLimitBytes);
    }

    private static ExecutionPlan Plan(string name, string version) => new(name, version, [], []);
}
