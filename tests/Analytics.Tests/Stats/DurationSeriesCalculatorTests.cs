using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed class DurationSeriesCalculatorTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_TenDayWindow_EveryRunAndEachDaysMedian()
    {
        // Day 0: 30s, 10s, 20s → median 20s; day 3: 60s; day 9: 40s, 50s → nearest rank median 40s.
        (int Day, int Seconds)[] runs = [(0, 30), (0, 10), (0, 20), (3, 60), (9, 40), (9, 50)];
        var jobs = runs.Select((r, i) => Job($"j{i}", From.AddDays(r.Day).AddHours(i), r.Seconds)).ToList();

        var series = Assert.Single(DurationSeriesCalculator.Compute(jobs, From, TimeSpan.FromDays(10)));

        Assert.Equal(TimeSpan.FromDays(1), series.Slice);
        Assert.Equal(6, series.Runs.Count);
        TimeSpan?[] expected = [S(20), null, null, S(60), null, null, null, null, null, S(40)];
        Assert.Equal(expected, series.SliceP50);
        // 20s lowest, 60s highest, 40s half way: level round(3.5) = 4 of 0..7.
        Assert.Equal("▁  █     ▅", TextCharts.Sparkline(series.SliceP50.Select(p => p?.TotalSeconds)));
    }

    [Fact]
    public void SliceOf_ShortWindow_TwentyFourSlices() =>
        Assert.Equal(TimeSpan.FromMinutes(30), DurationSeriesCalculator.SliceOf(TimeSpan.FromHours(12)));

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    private static StoredJob Job(string id, DateTimeOffset started, int seconds) =>
        new(id, "w1", "gh/acme/a", "test", "success", Duration: S(seconds), StartedAt: started, StoppedAt: started + S(seconds));
}
