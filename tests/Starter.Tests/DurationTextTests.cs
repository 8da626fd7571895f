using Release.Starter.Rendering;

namespace Starter.Tests;

/// <summary>How the command line writes an elapsed time: the two largest units that matter.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData(2.5, "2.5s")]
    [InlineData(125, "2m05s")]
    [InlineData(4 * 3600, "4h00m")]
    [InlineData(51 * 3600, "2d03h")]
    [InlineData(30 * 86400, "30d00h")]
    public void Duration_PicksItsUnits(double seconds, string expected) =>
        Assert.Equal(expected, StatusStyle.Duration(TimeSpan.FromSeconds(seconds)));
}
