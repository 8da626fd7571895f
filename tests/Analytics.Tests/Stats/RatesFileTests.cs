using Release.Analytics.Stats;

namespace Release.Analytics.Tests.Stats;

public sealed class RatesFileTests
{
    [Theory]
    [InlineData("large: 25\nmedium+: 12.5\n")]
    [InlineData("""{ "large": 25, "medium+": 12.5 }""")]
    public void Read_YamlOrJson_OverridesThePublishedRates(string text)
    {
        var path = Write(text);

        var rates = RatesFile.Read(path);

        Assert.Equal((25, 12.5, 10), (rates.PerMinute("large"), rates.PerMinute("medium+"), rates.PerMinute("medium")));
    }

    [Theory]
    [InlineData("large: lots\n", "'large' needs credits per minute as a number")]
    [InlineData("large: -1\n", "'large' needs credits per minute as a number")]
    [InlineData("- large\n", "not a mapping of resource class")]
    [InlineData("large: [1\n", "not YAML or JSON")]
    public void Read_BadFile_OneLineNamingTheFile(string text, string expected)
    {
        var path = Write(text);

        var error = Assert.Throws<RatesFileException>(() => RatesFile.Read(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_MissingFile_Refused() =>
        Assert.Contains("cannot read the rates file", Assert.Throws<RatesFileException>(() => RatesFile.Read("/nonexistent/rates.yaml")).Message, StringComparison.Ordinal);

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rates-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
