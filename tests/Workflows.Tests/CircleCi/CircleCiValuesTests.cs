using Release.Workflows.CircleCi;

namespace Release.Workflows.Tests.CircleCi;

public class CircleCiValuesTests
{
    [Theory]
    [InlineData("running", CircleCiWorkflowStatus.Running)]
    [InlineData("failing", CircleCiWorkflowStatus.Failing)]
    [InlineData("on_hold", CircleCiWorkflowStatus.OnHold)]
    [InlineData("success", CircleCiWorkflowStatus.Success)]
    [InlineData("failed", CircleCiWorkflowStatus.Failed)]
    [InlineData("canceled", CircleCiWorkflowStatus.Canceled)]
    [InlineData("error", CircleCiWorkflowStatus.Error)]
    [InlineData("unauthorized", CircleCiWorkflowStatus.Unauthorized)]
    [InlineData("not_run", CircleCiWorkflowStatus.NotRun)]
    [InlineData("ON-HOLD", CircleCiWorkflowStatus.OnHold)]
    [InlineData(" success ", CircleCiWorkflowStatus.Success)]
    public void ParseWorkflowStatus_ApiValue_GivesStatus(string text, CircleCiWorkflowStatus expected)
    {
        Assert.Equal(expected, CircleCiValues.ParseWorkflowStatus(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("paused")]
    [InlineData("unknown")]
    public void ParseWorkflowStatus_UnknownValue_GivesUnknownWithoutThrowing(string? text)
    {
        Assert.Equal(CircleCiWorkflowStatus.Unknown, CircleCiValues.ParseWorkflowStatus(text));
    }

    [Theory]
    [InlineData("success", CircleCiJobStatus.Success)]
    [InlineData("running", CircleCiJobStatus.Running)]
    [InlineData("not_run", CircleCiJobStatus.NotRun)]
    [InlineData("failed", CircleCiJobStatus.Failed)]
    [InlineData("retried", CircleCiJobStatus.Retried)]
    [InlineData("queued", CircleCiJobStatus.Queued)]
    [InlineData("not_running", CircleCiJobStatus.NotRunning)]
    [InlineData("infrastructure_fail", CircleCiJobStatus.InfrastructureFail)]
    [InlineData("timedout", CircleCiJobStatus.Timedout)]
    [InlineData("on_hold", CircleCiJobStatus.OnHold)]
    [InlineData("terminated-unknown", CircleCiJobStatus.TerminatedUnknown)]
    [InlineData("blocked", CircleCiJobStatus.Blocked)]
    [InlineData("canceled", CircleCiJobStatus.Canceled)]
    [InlineData("unauthorized", CircleCiJobStatus.Unauthorized)]
    [InlineData("exploded", CircleCiJobStatus.Unknown)]
    public void ParseJobStatus_ApiValue_GivesStatus(string text, CircleCiJobStatus expected)
    {
        Assert.Equal(expected, CircleCiValues.ParseJobStatus(text));
    }

    [Theory]
    [InlineData("created", PipelineState.Created)]
    [InlineData("errored", PipelineState.Errored)]
    [InlineData("setup-pending", PipelineState.SetupPending)]
    [InlineData("setup_pending", PipelineState.SetupPending)]
    [InlineData("setup", PipelineState.Setup)]
    [InlineData("pending", PipelineState.Pending)]
    [InlineData("archived", PipelineState.Unknown)]
    public void ParsePipelineState_ApiValue_GivesState(string text, PipelineState expected)
    {
        Assert.Equal(expected, CircleCiValues.ParsePipelineState(text));
    }

    [Fact]
    public void ToApiValue_EveryValue_RoundTripsThroughParse()
    {
        Assert.All(Enum.GetValues<CircleCiWorkflowStatus>(), s => Assert.Equal(s, CircleCiValues.ParseWorkflowStatus(s.ToApiValue())));
        Assert.All(Enum.GetValues<CircleCiJobStatus>(), s => Assert.Equal(s, CircleCiValues.ParseJobStatus(s.ToApiValue())));
        Assert.All(Enum.GetValues<PipelineState>(), s => Assert.Equal(s, CircleCiValues.ParsePipelineState(s.ToApiValue())));
    }

    [Fact]
    public void ToApiValue_UsesTheApiSpelling()
    {
        Assert.Equal("on_hold", CircleCiWorkflowStatus.OnHold.ToApiValue());
        Assert.Equal("terminated-unknown", CircleCiJobStatus.TerminatedUnknown.ToApiValue());
        Assert.Equal("setup-pending", PipelineState.SetupPending.ToApiValue());
        Assert.Equal("unknown", CircleCiWorkflowStatus.Unknown.ToApiValue());
    }
}
