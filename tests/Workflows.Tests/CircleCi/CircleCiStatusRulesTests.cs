using Release.Workflows.CircleCi;

namespace Release.Workflows.Tests.CircleCi;

public class CircleCiStatusRulesTests
{
    [Theory]
    [InlineData(CircleCiWorkflowStatus.Running, false, false)]
    [InlineData(CircleCiWorkflowStatus.Failing, false, true)]
    [InlineData(CircleCiWorkflowStatus.OnHold, false, false)]
    [InlineData(CircleCiWorkflowStatus.Success, true, false)]
    [InlineData(CircleCiWorkflowStatus.Failed, true, true)]
    [InlineData(CircleCiWorkflowStatus.Canceled, true, true)]
    [InlineData(CircleCiWorkflowStatus.Error, true, true)]
    [InlineData(CircleCiWorkflowStatus.Unauthorized, true, true)]
    [InlineData(CircleCiWorkflowStatus.NotRun, true, false)]
    [InlineData(CircleCiWorkflowStatus.Unknown, false, false)]
    public void WorkflowStatus_FollowsCircleCiDocumentation(CircleCiWorkflowStatus status, bool terminal, bool failure)
    {
        Assert.Equal(terminal, status.IsTerminal());
        Assert.Equal(failure, status.IsFailure());
    }

    [Theory]
    [InlineData(CircleCiJobStatus.Success, true, false)]
    [InlineData(CircleCiJobStatus.Running, false, false)]
    [InlineData(CircleCiJobStatus.NotRun, true, false)]
    [InlineData(CircleCiJobStatus.Failed, true, true)]
    [InlineData(CircleCiJobStatus.Retried, true, false)]
    [InlineData(CircleCiJobStatus.Queued, false, false)]
    [InlineData(CircleCiJobStatus.NotRunning, false, false)]
    [InlineData(CircleCiJobStatus.InfrastructureFail, true, true)]
    [InlineData(CircleCiJobStatus.Timedout, true, true)]
    [InlineData(CircleCiJobStatus.OnHold, false, false)]
    [InlineData(CircleCiJobStatus.TerminatedUnknown, true, true)]
    [InlineData(CircleCiJobStatus.Blocked, false, false)]
    [InlineData(CircleCiJobStatus.Canceled, true, true)]
    [InlineData(CircleCiJobStatus.Unauthorized, true, true)]
    [InlineData(CircleCiJobStatus.Unknown, false, false)]
    public void JobStatus_TerminalAndFailure(CircleCiJobStatus status, bool terminal, bool failure)
    {
        Assert.Equal(terminal, status.IsTerminal());
        Assert.Equal(failure, status.IsFailure());
    }

    [Theory]
    [InlineData(PipelineState.Created, true, false)]
    [InlineData(PipelineState.Errored, true, true)]
    [InlineData(PipelineState.SetupPending, false, false)]
    [InlineData(PipelineState.Setup, false, false)]
    [InlineData(PipelineState.Pending, false, false)]
    [InlineData(PipelineState.Unknown, false, false)]
    public void PipelineState_TerminalAndFailure(PipelineState state, bool terminal, bool failure)
    {
        Assert.Equal(terminal, state.IsTerminal());
        Assert.Equal(failure, state.IsFailure());
    }
}
