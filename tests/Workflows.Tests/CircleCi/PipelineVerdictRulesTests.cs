using Release.Workflows.CircleCi;

namespace Release.Workflows.Tests.CircleCi;

public class PipelineVerdictRulesTests
{
    private static WorkflowObservation Workflow(string name, CircleCiWorkflowStatus status) => new($"id-{name}", name, status);

    private static PipelineVerdict Decide(params WorkflowObservation[] workflows) =>
        PipelineVerdictRules.Decide(PipelineState.Created, workflows, workflowGraceElapsed: false);

    [Fact]
    public void Decide_AllWorkflowsSucceeded_Succeeds()
    {
        var verdict = Decide(Workflow("build", CircleCiWorkflowStatus.Success), Workflow("release", CircleCiWorkflowStatus.Success));

        Assert.Equal(PipelineOutcome.Succeeded, verdict.Outcome);
        Assert.Equal("all 2 workflows succeeded", verdict.Reason);
        Assert.Null(verdict.Workflow);
    }

    [Fact]
    public void Decide_FailingWhileOthersRun_FailsAtOnceNamingTheWorkflow()
    {
        var failing = Workflow("release", CircleCiWorkflowStatus.Failing);

        var verdict = Decide(Workflow("build", CircleCiWorkflowStatus.Running), failing);

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
        Assert.Equal(failing, verdict.Workflow);
        Assert.Equal("workflow \"release\" is failing: a job has failed while others still run", verdict.Reason);
    }

    [Theory]
    [InlineData(CircleCiWorkflowStatus.Failed, "workflow \"release\" failed: a job failed")]
    [InlineData(CircleCiWorkflowStatus.Canceled, "workflow \"release\" was canceled")]
    [InlineData(CircleCiWorkflowStatus.Error, "workflow \"release\" errored: CircleCI could not start a job, or the configuration is invalid")]
    [InlineData(CircleCiWorkflowStatus.Unauthorized, "workflow \"release\" is unauthorized: the actor may not use a restricted context")]
    public void Decide_TerminalFailure_FailsWithStatusInReason(CircleCiWorkflowStatus status, string reason)
    {
        var verdict = Decide(Workflow("build", CircleCiWorkflowStatus.Success), Workflow("release", status));

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
        Assert.Equal(status, verdict.Workflow!.Status);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Decide_SeveralFailures_NamesTheFirstInApiOrder()
    {
        var verdict = Decide(Workflow("a", CircleCiWorkflowStatus.Canceled), Workflow("b", CircleCiWorkflowStatus.Failed));

        Assert.Equal("a", verdict.Workflow!.Name);
    }

    [Fact]
    public void Decide_NotRunByDefault_FailsBecauseNothingWasBuilt()
    {
        var verdict = Decide(Workflow("release", CircleCiWorkflowStatus.NotRun));

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
        Assert.Equal("workflow \"release\" did not run (not_run), so the component was not built", verdict.Reason);
    }

    [Fact]
    public void Decide_NotRunAllowedByPolicy_CountsAsDone()
    {
        var verdict = PipelineVerdictRules.Decide(
            PipelineState.Created,
            [Workflow("docs", CircleCiWorkflowStatus.NotRun), Workflow("release", CircleCiWorkflowStatus.Success)],
            workflowGraceElapsed: false,
            new VerdictPolicy { NotRunIsSuccess = true });

        Assert.Equal(PipelineOutcome.Succeeded, verdict.Outcome);
    }

    [Fact]
    public void Decide_OnHold_IsItsOwnVerdictEvenWhileOthersRun()
    {
        var held = Workflow("release", CircleCiWorkflowStatus.OnHold);

        var verdict = Decide(Workflow("build", CircleCiWorkflowStatus.Running), held);

        Assert.Equal(PipelineOutcome.OnHold, verdict.Outcome);
        Assert.Equal(held, verdict.Workflow);
        Assert.Equal("workflow \"release\" is on hold, waiting for an approval", verdict.Reason);
    }

    [Fact]
    public void Decide_FailureAndHold_FailureWins()
    {
        var verdict = Decide(Workflow("a", CircleCiWorkflowStatus.OnHold), Workflow("b", CircleCiWorkflowStatus.Failing));

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
    }

    [Fact]
    public void Decide_RunningOrUnknown_KeepsWaitingAndSaysForWhat()
    {
        var verdict = Decide(
            Workflow("build", CircleCiWorkflowStatus.Success),
            Workflow("release", CircleCiWorkflowStatus.Running),
            Workflow("new", CircleCiWorkflowStatus.Unknown));

        Assert.Equal(PipelineOutcome.Running, verdict.Outcome);
        Assert.Equal("waiting for \"release\" (running), \"new\" (unknown)", verdict.Reason);
    }

    [Fact]
    public void Decide_ErroredPipeline_Fails()
    {
        var verdict = PipelineVerdictRules.Decide(PipelineState.Errored, [], workflowGraceElapsed: false);

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
        Assert.Contains("errored during setup", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PipelineState.SetupPending)]
    [InlineData(PipelineState.Setup)]
    [InlineData(PipelineState.Pending)]
    [InlineData(PipelineState.Unknown)]
    public void Decide_SetupNotFinished_KeepsWaitingEvenAfterGrace(PipelineState state)
    {
        var verdict = PipelineVerdictRules.Decide(state, [], workflowGraceElapsed: true);

        Assert.Equal(PipelineOutcome.Running, verdict.Outcome);
    }

    [Fact]
    public void Decide_CreatedWithoutWorkflowsWithinGrace_KeepsWaiting()
    {
        var verdict = PipelineVerdictRules.Decide(PipelineState.Created, [], workflowGraceElapsed: false);

        Assert.Equal(PipelineOutcome.Running, verdict.Outcome);
    }

    [Fact]
    public void Decide_CreatedWithoutWorkflowsAfterGrace_FailsSayingTheyWereFilteredOut()
    {
        var verdict = PipelineVerdictRules.Decide(PipelineState.Created, [], workflowGraceElapsed: true);

        Assert.Equal(PipelineOutcome.Failed, verdict.Outcome);
        Assert.Equal(
            "the pipeline created no workflows: its configuration filtered them all out; check the branch and pipeline parameters",
            verdict.Reason);
    }

    [Fact]
    public void Decide_CreatedWithoutWorkflowsAfterGraceAllowedByPolicy_Succeeds()
    {
        var verdict = PipelineVerdictRules.Decide(
            PipelineState.Created, [], workflowGraceElapsed: true, new VerdictPolicy { NoWorkflowsIsSuccess = true });

        Assert.Equal(PipelineOutcome.Succeeded, verdict.Outcome);
    }
}
