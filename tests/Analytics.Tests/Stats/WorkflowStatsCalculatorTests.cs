using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed class WorkflowStatsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_EndedWorkflows_PercentilesSuccessRateAndTrend()
    {
        var minutes = new[] { 12, 3, 9, 6, 15 };
        var current = minutes.Select((m, i) => Workflow($"c{i}", "build", TimeSpan.FromMinutes(m), i == 1 ? "failed" : "success"))
            .Append(Workflow("running", "build", null, "running"))
            .Append(Workflow("held", "build", null, "on_hold"))
            .ToList();
        var previous = new[] { Workflow("p1", "build", TimeSpan.FromMinutes(6)), Workflow("p2", "build", TimeSpan.FromMinutes(8)) };
        // Independently: sorted 3, 6, 9, 12, 15; nearest rank p50 = 3rd, p95 = 5th; before: 6, 8 → p50 6.
        var p50 = TimeSpan.FromMinutes(9);

        var stats = Assert.Single(WorkflowStatsCalculator.Compute(current, previous));

        Assert.Equal(("gh/acme/a", "build", 5), (stats.Project, stats.Workflow, stats.Runs));
        Assert.Equal(0.8, stats.SuccessRate, 3);
        Assert.Equal((p50, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), (stats.P50, stats.P95, stats.Max));
        Assert.Equal(TimeSpan.FromMinutes(6), stats.PreviousP50);
        Assert.Equal((9.0 - 6) / 6, stats.Change!.Value, 6);
        Assert.True(stats.Regression);
    }

    [Fact]
    public void Compute_TwoNamesNoPrevious_OneRowEachWithoutTrend()
    {
        var stats = WorkflowStatsCalculator.Compute(
            [Workflow("a", "deploy", TimeSpan.FromMinutes(2)), Workflow("b", "build", TimeSpan.FromMinutes(4), "canceled")], []);

        Assert.Equal(["build", "deploy"], stats.Select(s => s.Workflow));
        Assert.Equal(0, stats[0].SuccessRate);
        Assert.All(stats, s => Assert.Null(s.Change));
        Assert.All(stats, s => Assert.False(s.Regression));
    }

    internal static StoredWorkflow Workflow(string id, string name, TimeSpan? duration, string status = "success") =>
        new(id, $"pl-{id}", "gh/acme/a", name, status, T0, duration is { } d ? T0 + d : null);
}
