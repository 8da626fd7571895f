using Microsoft.Extensions.Configuration;
using Release.Analytics.Store;
using Release.Api.Hosting;
using Release.Logging.Configuration;

namespace Api.Tests;

/// <summary>The API's analytics store setting as a user writes it, and the one-line refusal of a wrong one.</summary>
public sealed class ApiSettingsTests
{
    [Fact]
    public void AnalyticsStore_GivenAsAFilePath_IsThatSqliteStore()
    {
        var path = Path.Combine(Path.GetTempPath(), "elsewhere", "analytics.db");

        var settings = Read(new() { ["RELEASE_ANALYTICS_STORE"] = path });

        Assert.Equal(StoreKind.Sqlite, settings.Analytics!.Kind);
        Assert.Contains(path, settings.Analytics.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnalyticsStore_NotAStore_RefusedInOneLineNamingTheVariableWithoutThePassword()
    {
        var refused = Assert.Throws<SettingException>(() => Read(new() { ["RELEASE_ANALYTICS_STORE"] = "Host=db;Password=hunter2;Nonsense" }));

        Assert.StartsWith("RELEASE_ANALYTICS_STORE (Analytics:Store) is not an analytics store: ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    private static ApiSettings Read(Dictionary<string, string?> environment)
    {
        var configuration = ApiSettingsReader.Aliases.AddTo(new ConfigurationBuilder(), environment).Build();
        return ApiSettingsReader.Read(new SettingReader(configuration, ApiSettingsReader.Aliases));
    }
}
