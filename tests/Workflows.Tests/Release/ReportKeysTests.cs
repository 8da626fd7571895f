using Release.Workflows.Release.Reports;

namespace Release.Workflows.Tests.Release;

public sealed class ReportKeysTests
{
    [Fact]
    public void Stage_IsTheWorkflowRunAndStage()
    {
        Assert.Equal("w-release-apim-3.5.0/w-run1/stage-002.json.gz", ReportKeys.Stage("release-apim-3.5.0", "run1", 2));
        Assert.Equal("w-release-apim-3.5.0/w-run1/stage-002.part-001.json.gz", ReportKeys.Part("release-apim-3.5.0", "run1", 2, 0));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc")]
    [InlineData("a/b\\c")]
    [InlineData("")]
    public void Stage_IdsCannotLeaveTheStoreFolder(string workflowId)
    {
        var segments = ReportKeys.Stage(workflowId, "run", 1).Split('/');

        Assert.Equal(3, segments.Length);
        Assert.All(segments, s => Assert.True(s.StartsWith("w-", StringComparison.Ordinal) || s.StartsWith("stage-", StringComparison.Ordinal), s));
        Assert.All(segments, s => Assert.True(s != ".." && !s.Contains('\\', StringComparison.Ordinal), s));
    }

    [Fact]
    public void Stage_LongIdsAreCutAndHashedApart()
    {
        var a = ReportKeys.Stage(new string('x', 1000) + "a", "run", 1);
        var b = ReportKeys.Stage(new string('x', 1000) + "b", "run", 1);

        Assert.NotEqual(a, b);
        Assert.True(a.Split('/')[0].Length <= 150);
    }
}
