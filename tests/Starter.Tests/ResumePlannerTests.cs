using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Release.Reports;
using static Starter.Tests.ResumeRecords;

namespace Starter.Tests;

public sealed class ResumePlannerTests
{
    private static readonly Release.Workflows.Manifest.ExecutionPlan TwoStages = Plan(["a", "b"], ["c", "d"]);

    // Run 1: a succeeded, b failed (its workflow w-b-fail), stage 2 never started.
    private static readonly ReleaseRun FirstFailure = Run(
        "run-1",
        TwoStages,
        null,
        Stage(1, Report("a", ComponentOutcomes.Succeeded, 11), Report("b", ComponentOutcomes.Failed, 21, failedWorkflow: "w-b-fail")));

    [Fact]
    public void Plan_AfterFailure_ReusesTheSucceededAndTriggersTheFailedAndNeverStarted()
    {
        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [FirstFailure], "alice", "flake"));

        Assert.Equal(["a"], plan.Resume.Reused.Select(r => r.Name));
        var a = plan.Resume.Reused[0];
        Assert.Equal(("run-1", 11L, "p-a-11"), (a.RunId, a.Pipeline.Number, a.Pipeline.Id));
        Assert.Equal(["b", "c", "d"], plan.Steps.Where(s => s.Triggered).Select(s => s.Name));
        Assert.Equal("failed in run run-1", plan.Steps.Single(s => s.Name == "b").Why);
        Assert.Equal("never started", plan.Steps.Single(s => s.Name == "c").Why);
        Assert.Null(plan.Resume.RerunFailed);
        Assert.Equal(("run-1", "alice", "flake"), (plan.Resume.PreviousRunId, plan.Resume.By, plan.Resume.Reason));
    }

    [Fact]
    public void Plan_StoppedAfterAnEarlierSuccess_TheNewerPipelineDecides()
    {
        var older = Run("run-1", TwoStages, null, Stage(1, Report("a", ComponentOutcomes.Succeeded, 11), Report("b", ComponentOutcomes.Succeeded, 21)));
        var newer = Run("run-2", TwoStages, null, Stage(1, Report("a", ComponentOutcomes.Stopped, 12), Report("b", ComponentOutcomes.NotStarted, null)));

        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [newer, older], "alice", "r"));

        Assert.Equal(["b"], plan.Resume.Reused.Select(r => r.Name));
        Assert.Equal("run-1", plan.Resume.Reused[0].RunId);
        Assert.Equal("stopped while running in run run-2", plan.Steps.Single(s => s.Name == "a").Why);
        Assert.Equal("run-2", plan.Resume.PreviousRunId);
    }

    [Fact]
    public void Plan_ChainedReuse_CarriesTheOriginalRunAndPipeline()
    {
        // Run 2 resumed run 1, reused a (reported) and c (a stage it never reached), then failed d.
        var resume2 = new Release.Workflows.Release.Control.ResumeFrom("run-1", "bob", "r", [Carried("a", "run-1", 11), Carried("c", "run-1", 31)]);
        var second = Run(
            "run-2",
            Plan(["a", "b"], ["c"], ["d"]),
            resume2,
            Stage(1, Reused("a", "run-1", 11), Report("b", ComponentOutcomes.Succeeded, 22)),
            Stage(3, Report("d", ComponentOutcomes.Failed, 41)));

        var plan = ResumePlanner.Plan(new ResumeRequest(Plan(["a", "b"], ["c"], ["d"]), [second, FirstFailure], "alice", "r"));

        Assert.Equal(["a", "b", "c"], plan.Resume.Reused.Select(r => r.Name));
        Assert.Equal(("run-1", 11L), (plan.Resume.Reused[0].RunId, plan.Resume.Reused[0].Pipeline.Number));
        Assert.Equal(("run-2", 22L), (plan.Resume.Reused[1].RunId, plan.Resume.Reused[1].Pipeline.Number));
        Assert.Equal("run-1", plan.Resume.Reused[2].RunId);
        Assert.Equal(["d"], plan.Steps.Where(s => s.Triggered).Select(s => s.Name));
    }

    [Fact]
    public void Plan_LatestRunTerminated_ReadsTheEarlierRuns()
    {
        var terminated = Terminated("run-2", TwoStages);

        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [terminated, FirstFailure], "alice", "r"));

        Assert.Equal(["a"], plan.Resume.Reused.Select(r => r.Name));
        Assert.Equal("run-2", plan.Resume.PreviousRunId);
    }

    [Fact]
    public void Plan_FromStage_AlsoTriggersThatStageAndLater()
    {
        var succeeded = Run("run-1", TwoStages, null, Stage(1, Report("a", ComponentOutcomes.Succeeded, 11), Report("b", ComponentOutcomes.Succeeded, 21)), Stage(2, Report("c", ComponentOutcomes.Succeeded, 31), Report("d", ComponentOutcomes.Failed, 41)));

        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [succeeded], "alice", "r", FromStage: 2));

        Assert.Equal(["a", "b"], plan.Resume.Reused.Select(r => r.Name));
        Assert.Equal("in stage 2, from --from-stage 2", plan.Steps.Single(s => s.Name == "c").Why);
    }

    [Fact]
    public void Plan_FromStageOutsideThePlan_NamesTheRange()
    {
        var error = Assert.Throws<ReleaseOperationException>(() => ResumePlanner.Plan(new ResumeRequest(TwoStages, [FirstFailure], "alice", "r", FromStage: 3)));

        Assert.Equal("--from-stage 3 is not a stage of the plan, which has stages 1 to 2", error.Message);
    }

    [Fact]
    public void Plan_Only_TriggersExactlyThoseWhenTheOthersAreReusable()
    {
        var succeeded = Run("run-1", TwoStages, null, Stage(1, Report("a", ComponentOutcomes.Succeeded, 11), Report("b", ComponentOutcomes.Succeeded, 21)), Stage(2, Report("c", ComponentOutcomes.Succeeded, 31), Report("d", ComponentOutcomes.Failed, 41)));

        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [succeeded], "alice", "r", Only: ["a", "d"]));

        Assert.Equal(["b", "c"], plan.Resume.Reused.Select(r => r.Name));
        Assert.Equal(["a", "d"], plan.Steps.Where(s => s.Triggered).Select(s => s.Name));
        Assert.Equal("named by --only", plan.Steps.Single(s => s.Name == "a").Why);
    }

    [Fact]
    public void Plan_OnlyLeavingOutAComponentNothingReleased_NamesItAndSaysToAddIt()
    {
        var error = Assert.Throws<ReleaseOperationException>(() => ResumePlanner.Plan(new ResumeRequest(TwoStages, [FirstFailure], "alice", "r", Only: ["b"])));

        Assert.Equal(
            "--only b leaves out c (never started), d (never started), which no earlier run released; add them to --only",
            error.Message);
        Assert.Equal(ReleaseRefusal.Invalid, error.Refusal);
    }

    [Fact]
    public void Plan_OnlyNamingAnUnknownComponent_ListsThePlan()
    {
        var error = Assert.Throws<ReleaseOperationException>(() => ResumePlanner.Plan(new ResumeRequest(TwoStages, [FirstFailure], "alice", "r", Only: ["b", "zz"])));

        Assert.Equal("--only names zz, not a component of the plan (a, b, c, d)", error.Message);
    }

    [Fact]
    public void Plan_ManifestWithAChangedVersion_ReleasesThatComponentAgain()
    {
        var bumped = Plan(["a@1.0.1-SNAPSHOT", "b"], ["c", "d"]);

        var plan = ResumePlanner.Plan(new ResumeRequest(bumped, [FirstFailure], "alice", "r", RerunFailed: true));

        Assert.Empty(plan.Resume.Reused);
        Assert.Equal("version changed from 1.0.0-SNAPSHOT (released in run run-1) to 1.0.1-SNAPSHOT", plan.Steps.Single(s => s.Name == "a").Why);
    }

    [Fact]
    public void Plan_RerunFailed_RerunsTheLatestFailedWorkflowInItsPipeline()
    {
        var plan = ResumePlanner.Plan(new ResumeRequest(TwoStages, [FirstFailure], "alice", "r", RerunFailed: true));

        var rerun = Assert.Single(plan.Resume.RerunFailed!);
        Assert.Equal(("b", "w-b-fail", 21L, "p-b-21"), (rerun.Name, rerun.WorkflowId, rerun.Pipeline.Number, rerun.Pipeline.Id));
        Assert.Equal("failed in run run-1; re-running its failed workflow in pipeline #21", plan.Steps.Single(s => s.Name == "b").Why);
        Assert.Null(plan.Steps.Single(s => s.Name == "c").Rerun);
    }

    [Fact]
    public void Plan_RerunFailedForAChangedVersion_TriggersANewPipeline()
    {
        var bumped = Plan(["a", "b@1.0.1-SNAPSHOT"], ["c", "d"]);

        var plan = ResumePlanner.Plan(new ResumeRequest(bumped, [FirstFailure], "alice", "r", RerunFailed: true));

        Assert.Empty(plan.Resume.RerunFailed!);
    }

    [Fact]
    public void CheckSameRelease_OtherVersion_Refused()
    {
        var other = TwoStages with { ReleaseVersion = "3.3.0" };

        var error = Assert.Throws<ReleaseOperationException>(() => ResumePlanner.CheckSameRelease(TwoStages, other, "next.json"));

        Assert.StartsWith("--manifest next.json is release apim 3.3.0, not apim 3.2.0", error.Message, StringComparison.Ordinal);
    }
}
