using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed class JobStatsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_TenRuns_NearestRankPercentilesSuccessRateAndQueueTime()
    {
        var jobs = Enumerable.Range(1, 10).Select(i => Job($"j{i}", "build", TimeSpan.FromSeconds(i * 10), i == 3 ? "failed" : "success", queued: TimeSpan.FromSeconds(i))).ToList();

        var stats = Assert.Single(JobStatsCalculator.Compute(jobs, []));

        Assert.Equal(("gh/acme/a", "build", 10), (stats.Project, stats.Job, stats.Runs));
        Assert.Equal(TimeSpan.FromSeconds(50), stats.P50);
        Assert.Equal(TimeSpan.FromSeconds(100), stats.P95);
        Assert.Equal(TimeSpan.FromSeconds(100), stats.Max);
        Assert.Equal(0.9, stats.SuccessRate, 3);
        Assert.Equal(TimeSpan.FromSeconds(5), stats.QueueP50);
        Assert.Null(stats.PreviousP50);
        Assert.False(stats.Regression);
    }

    [Theory]
    [InlineData(125, true)]
    [InlineData(120, true)]
    [InlineData(110, false)]
    [InlineData(80, false)]
    public void Compute_MedianAgainstThePreviousWindow_FlagsASlowdownOfTwentyPercent(int nowSeconds, bool flagged)
    {
        var before = new[] { Job("p1", "test", TimeSpan.FromSeconds(100)) };
        var now = new[] { Job("c1", "test", TimeSpan.FromSeconds(nowSeconds)) };

        var stats = Assert.Single(JobStatsCalculator.Compute(now, before));

        Assert.Equal(TimeSpan.FromSeconds(100), stats.PreviousP50);
        Assert.Equal(flagged, stats.Regression);
    }

    [Fact]
    public void Compute_RunningAndNeverRunJobs_AreNotCounted()
    {
        var jobs = new[]
        {
            Job("a", "deploy", TimeSpan.FromSeconds(30)),
            Job("b", "deploy", null, "running"),
            Job("c", "deploy", null, "not_run"),
            Job("d", "hold", null, "success"),
        };

        var stats = Assert.Single(JobStatsCalculator.Compute(jobs, []));

        Assert.Equal(("deploy", 1), (stats.Job, stats.Runs));
    }

    private static StoredJob Job(string id, string name, TimeSpan? duration, string status = "success", TimeSpan? queued = null) => new(
        id, "w1", "gh/acme/a", name, status, 1,
        Duration: duration,
        QueuedAt: queued is { } q ? T0 - q : null,
        StartedAt: duration is null ? null : T0,
        StoppedAt: duration is { } d ? T0 + d : null);
}
