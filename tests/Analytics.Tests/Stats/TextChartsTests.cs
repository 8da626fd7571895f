using Release.Analytics.Stats;

namespace Release.Analytics.Tests.Stats;

public sealed class TextChartsTests
{
    [Fact]
    public void Sparkline_Values_EachScaledBetweenTheLowestAndHighest()
    {
        double?[] values = [10, 80, null, 45, 10];
        // Independently: eight levels, (v - 10) / 70 of the way from ▁ to █, rounded.
        var expected = string.Concat(values.Select(v => v is null ? ' ' : "▁▂▃▄▅▆▇█"[(int)Math.Round((v.Value - 10) / 70 * 7)]));

        Assert.Equal(expected, TextCharts.Sparkline(values));
        Assert.Equal("▁█ ▅▁", expected);
    }

    [Fact]
    public void Sparkline_AllEqualOrNone_FlatOrBlank()
    {
        Assert.Equal("▄▄▄", TextCharts.Sparkline([5, 5, 5]));
        Assert.Equal("  ", TextCharts.Sparkline([null, null]));
    }

    [Theory]
    [InlineData(100, 100, "████████████")]
    [InlineData(50, 100, "██████")]
    [InlineData(10, 100, "█▎")]
    [InlineData(0.01, 100, "▏")]
    [InlineData(0, 100, "")]
    // 10 of 100 over 12 cells is 9.6 eighths: one cell and two eighths.
    public void Bar_Value_ScaledToTheLongestInEighthsOfACell(double value, double max, string expected) =>
        Assert.Equal(expected, TextCharts.Bar(value, max, 12));
}
