using Release.Analytics.Releases;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Analytics.Tests.Releases;

/// <summary>Wall time, critical path and time lost, from stage reports whose times the test sets by hand.</summary>
public sealed class ReleaseTimingCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_TwoStages_CriticalPathIsTheSlowestOfEachStage_OverheadIsTheRest()
    {
        // Stage 1: a 0..10 min, b 0..25 min; stage 2 starts at 26: c 27..40, d 27..31.
        var run = ("run-1", (IReadOnlyList<StageReport>)[
            Stage(1, 0, 26, "succeeded", Component("a", 0, 10), Component("b", 0, 25)),
            Stage(2, 26, 41, "succeeded", Component("c", 27, 40), Component("d", 27, 31)),
        ]);

        var timing = ReleaseTimingCalculator.Compute([run])!;

        Assert.Equal(TimeSpan.FromMinutes(41), timing.WallTime);
        Assert.Equal(["b", "c"], timing.CriticalPath.Select(l => l.Component));
        Assert.Equal(TimeSpan.FromMinutes(25 + 13), timing.CriticalPipelineTime);
        Assert.Equal([("b", TimeSpan.FromMinutes(1)), ("c", TimeSpan.FromMinutes(2))], timing.Stages.Select(s => (s.Component!, s.Overhead!.Value)));
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero), (timing.LostToEarlierRuns, timing.WaitingForResume, timing.FailedPipelineTime));
    }

    [Fact]
    public void Compute_FailedRunThenResume_CountsTheFailedRunTheWaitAndTheFailedPipeline_AndSkipsReusedComponents()
    {
        // Run 1 (0..20 min): a succeeds 0..12, flaky fails 0..18. Resumed at 50: a reused, flaky 51..70.
        var first = ("run-1", (IReadOnlyList<StageReport>)[
            Stage(1, 0, 20, "failed", Component("a", 0, 12), Component("flaky", 0, 18, ComponentOutcomes.Failed)),
        ]);
        var second = ("run-2", (IReadOnlyList<StageReport>)[
            Stage(1, 50, 71, "succeeded", Component("a", 0, 12) with { ReusedFrom = new ReusedFrom("run-1", 1, "https://x") }, Component("flaky", 51, 70)),
        ]);

        var timing = ReleaseTimingCalculator.Compute([second, first])!;

        Assert.Equal(["run-1", "run-2"], timing.Runs.Select(r => r.RunId));
        Assert.Equal(TimeSpan.FromMinutes(71), timing.WallTime);
        Assert.Equal(TimeSpan.FromMinutes(20), timing.LostToEarlierRuns);
        Assert.Equal(TimeSpan.FromMinutes(30), timing.WaitingForResume);
        Assert.Equal(TimeSpan.FromMinutes(18), timing.FailedPipelineTime);
        Assert.Equal(["flaky"], timing.CriticalPath.Select(l => l.Component));
        Assert.Equal("failed", timing.Runs[0].Outcome);
    }

    [Fact]
    public void Compute_GraphSchedule_FollowsWhatHeldEachPipelineBack_NotTheStages()
    {
        // Stage 2's e depends on slow a (0..30) and starts at 31; stage 2's f started at 5 after quick b.
        var run = ("run-1", (IReadOnlyList<StageReport>)[
            Stage(1, 0, 31, "succeeded", Component("a", 0, 30), Component("b", 0, 4)),
            Stage(2, 5, 45, "succeeded", Component("e", 31, 44), Component("f", 5, 20)),
        ]);

        var timing = ReleaseTimingCalculator.Compute([run])!;

        Assert.Equal(["a", "e"], timing.CriticalPath.Select(l => l.Component));
    }

    [Fact]
    public void Compute_NoStageReports_IsNull() =>
        Assert.Null(ReleaseTimingCalculator.Compute([("run-1", (IReadOnlyList<StageReport>)[])]));

    private static StageReport Stage(int index, int startMinute, int endMinute, string outcome, params ComponentReport[] components) => new()
    {
        Release = new ReleaseRef("acme", "1.0.0", "release-acme-1.0.0"),
        Stage = new StageRef(index, index),
        Outcome = outcome,
        Reason = outcome,
        Timings = new StageTimings(At(startMinute), At(endMinute), (endMinute - startMinute) * 60),
        Components = components,
        Pipelines = [],
    };

    private static ComponentReport Component(string name, int createdMinute, int stoppedMinute, string outcome = ComponentOutcomes.Succeeded) =>
        new(name, "1.0.0", $"gh/acme/{name}", "main", outcome, outcome, new PipelineReport(
            $"p-{name}", 1, $"gh/acme/{name}", "main", "created", "https://x", At(createdMinute), [],
            new PipelineTimings(At(createdMinute), At(stoppedMinute), (stoppedMinute - createdMinute) * 60), []));

    private static DateTimeOffset At(int minute) => T0.AddMinutes(minute);
}
