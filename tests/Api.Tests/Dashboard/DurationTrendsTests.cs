using Microsoft.Extensions.Logging.Abstractions;
using Release.Analytics.Store;
using Release.Api.Dashboard;
using Release.Api.Hosting;
using Release.Workflows.Manifest;

namespace Api.Tests.Dashboard;

/// <summary>A store the trends cannot read leaves the release page whole and says why, without the store's password.</summary>
public sealed class DurationTrendsTests
{
    private static readonly ExecutionPlan Plan = new(
        "acme", "1.0.0-SNAPSHOT", [new PlannedStage(1, 1, [new PlannedComponent("a", "1.0.0-SNAPSHOT", "gh/acme/a", "main", new Dictionary<string, System.Text.Json.JsonElement>())])], []);

    [Fact]
    public async Task ForAsync_NoStoreConfigured_NoSection()
    {
        var trends = Trends(null);

        Assert.Null(await trends.ForAsync(Plan, CancellationToken.None));
        Assert.Equal("", TrendSection.Render(null).Value);
    }

    [Fact]
    public async Task ForAsync_SqliteFileNeverCollected_SaysSoAndCreatesNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"no-store-{Guid.NewGuid():N}", "analytics.db");

        var view = await Trends(StoreLocation.Parse(file)).ForAsync(Plan, CancellationToken.None);

        Assert.StartsWith($"no analytics store at {file}: the worker's collector fills it", view!.Unavailable, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Contains("No trends: no analytics store at", TrendSection.Render(view).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForAsync_PostgresUnreachable_SaysWhichStoreWithoutItsPassword()
    {
        var view = await Trends(StoreLocation.Parse("postgres://release:hunter2@127.0.0.1:1/analytics")).ForAsync(Plan, CancellationToken.None);

        Assert.StartsWith("cannot open the analytics store", view!.Unavailable, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", view.Unavailable, StringComparison.Ordinal);
        Assert.Empty(view.Trends);
    }

    private static DurationTrends Trends(StoreLocation? location) => new(
        new ApiSettings("http://127.0.0.1:0", Path.GetTempPath(), null, 600, null, location), TimeProvider.System, NullLogger<DurationTrends>.Instance);
}
