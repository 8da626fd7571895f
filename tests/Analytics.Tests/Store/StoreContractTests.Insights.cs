using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>The insights queries, on both databases like the rest of the contract.</summary>
public abstract partial class StoreContractTests
{
    private static StoredInsight Insight(string slug, string workflow, string? job, string window, long? credits, long runs = 10) =>
        new(slug, workflow, job, window, runs, runs - 2, 2, credits, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(180), T0.AddDays(-29), T0, T0);

    [SkippableFact]
    public async Task ReplaceInsightsAsync_RoundTripsEveryFieldWorkflowsBeforeJobs()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        StoredInsight[] rows = [Insight("gh/org/a", "build", "test", "last-30-days", 40), Insight("gh/org/a", "build", null, "last-30-days", 55)];

        await store.ReplaceInsightsAsync("gh/org/a", "last-30-days", rows);

        Assert.Equal([rows[1], rows[0]], await store.InsightsAsync("gh/org/a"));
    }

    [SkippableFact]
    public async Task ReplaceInsightsAsync_Again_ReplacesThatProjectAndWindowOnly()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.ReplaceInsightsAsync("gh/org/a", "last-30-days", [Insight("gh/org/a", "build", null, "last-30-days", 50), Insight("gh/org/a", "gone", null, "last-30-days", 5)]);
        await store.ReplaceInsightsAsync("gh/org/a", "last-90-days", [Insight("gh/org/a", "build", null, "last-90-days", 150)]);
        await store.ReplaceInsightsAsync("gh/org/b", "last-30-days", [Insight("gh/org/b", "build", null, "last-30-days", 7)]);

        await store.ReplaceInsightsAsync("gh/org/a", "last-30-days", [Insight("gh/org/a", "build", null, "last-30-days", 60, runs: 12)]);

        var month = await store.InsightsAsync("gh/org/a", "last-30-days");
        Assert.Equal(12, Assert.Single(month).TotalRuns);
        Assert.Single(await store.InsightsAsync("gh/org/a", "last-90-days"));
        Assert.Equal(4, (await store.InsightsAsync()).Count + 1);
    }

    [SkippableFact]
    public async Task CreditsAsync_SumsEachProjectsWorkflowsInTheWindow_JobsNotCountedTwice()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());
        await store.ReplaceInsightsAsync("gh/org/a", "last-30-days",
        [
            Insight("gh/org/a", "build", null, "last-30-days", 50),
            Insight("gh/org/a", "build", "test", "last-30-days", 45),
            Insight("gh/org/a", "lint", null, "last-30-days", 3_000_000_000),
        ]);
        await store.ReplaceInsightsAsync("gh/org/free", "last-30-days", [Insight("gh/org/free", "build", null, "last-30-days", null)]);
        await store.ReplaceInsightsAsync("gh/org/a", "last-90-days", [Insight("gh/org/a", "build", null, "last-90-days", 999)]);

        var credits = await store.CreditsAsync("last-30-days");

        Assert.Equal(new Dictionary<string, long> { ["gh/org/a"] = 3_000_000_050 }, credits);
    }

    [SkippableFact]
    public async Task ReplaceInsightsAsync_RowOfAnotherProject_Refused()
    {
        var store = await AnalyticsStore.OpenAsync(await NewLocationAsync());

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceInsightsAsync("gh/org/a", "last-30-days", [Insight("gh/org/b", "build", null, "last-30-days", 1)]));

        Assert.Contains("gh/org/b", e.Message, StringComparison.Ordinal);
        Assert.Empty(await store.InsightsAsync());
    }
}
