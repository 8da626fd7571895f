using Release.Analytics.Stats;

namespace Release.Analytics.Tests.Stats;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(30 * 86400, "30d")]
    [InlineData((2 * 86400) + (3 * 3600) + 59, "2d03h")]
    [InlineData((2 * 3600) + (5 * 60) + 7, "2h05m")]
    [InlineData((3 * 60) + 7, "3m07s")]
    [InlineData(45, "45s")]
    [InlineData(0.4, "0.4s")]
    [InlineData(-90, "-1m30s")]
    public void Format_AnyLength_TwoLargestUnits(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
