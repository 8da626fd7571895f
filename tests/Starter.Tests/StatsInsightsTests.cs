using System.Text.Json;
using Release.Analytics.Store;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary><c>release stats</c> with insights collected: measured credits replace the estimate for the window insights reported.</summary>
[Collection(StarterCollection.Name)]
public sealed class StatsInsightsTests(StarterFixture fixture)
{
    private const string Project = "gh/acme/insighted";

    [Fact]
    public async Task Stats_InsightsOfTheSameWindow_ShowMeasuredCredits_OtherWindowsStayEstimated()
    {
        var file = Path.Combine(Path.GetTempPath(), $"insights-{Guid.NewGuid():N}.db");
        var store = await AnalyticsStore.OpenAsync(file);
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        await store.AddProjectsAsync([Project]);
        await store.UpsertPipelineAsync(new StoredPipeline("p-1", Project, 1, "created", start));
        await store.UpsertWorkflowAsync(new StoredWorkflow("w-1", "p-1", Project, "ci", "success", start, start.AddMinutes(10)));
        await store.UpsertJobAsync(new StoredJob("j-1", "w-1", Project, "build", "success", 1, "build", "medium", "docker", 1, TimeSpan.FromMinutes(10), start, start, start, start.AddMinutes(10)));
        await store.ReplaceInsightsAsync(Project, "last-30-days", [
            new StoredInsight(Project, "ci", null, "last-30-days", 1, 1, 0, 1234, null, null, null, null, DateTimeOffset.UtcNow),
            new StoredInsight(Project, "ci", "build", "last-30-days", 1, 1, 0, 1234, null, null, null, null, DateTimeOffset.UtcNow),
        ]);

        var thirty = await Cli.RunAsync(fixture.Environment, "stats", "--store", file, "--json");
        var twelve = await Cli.RunAsync(fixture.Environment, "stats", "--store", file, "--since", "12d", "--json");

        Assert.True(thirty.ExitCode == ExitCodes.Success, thirty.ToString());
        var measured = Assert.Single(JsonDocument.Parse(thirty.Out).RootElement.GetProperty("costs").EnumerateArray());
        Assert.Equal(("insights", 1234.0), (measured.GetProperty("source").GetString(), measured.GetProperty("credits").GetDouble()));
        // 10 minutes on medium at 10 credits a minute: CircleCI's published rate, the default.
        Assert.Equal(100.0, measured.GetProperty("estimated_credits").GetDouble());
        var estimated = Assert.Single(JsonDocument.Parse(twelve.Out).RootElement.GetProperty("costs").EnumerateArray());
        Assert.Equal(("estimated", 100.0), (estimated.GetProperty("source").GetString(), estimated.GetProperty("credits").GetDouble()));
    }
}
