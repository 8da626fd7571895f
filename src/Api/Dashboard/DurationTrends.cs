using System.Data.Common;
using Release.Analytics.Stats;
using Release.Analytics.Store;
using Release.Api.Hosting;
using Release.Workflows.Manifest;

namespace Release.Api.Dashboard;

/// <summary>One component's project: its successful pipelines of the window, oldest first (at most <see cref="DurationTrends.MaxPoints"/>, the newest).</summary>
internal sealed record ComponentTrend(string Component, string ProjectSlug, IReadOnlyList<SuccessfulPipeline> Pipelines, TimeSpan? Median, TimeSpan? P95)
{
    public static ComponentTrend Of(string component, string slug, IReadOnlyList<SuccessfulPipeline> pipelines)
    {
        var sorted = pipelines.Select(p => p.Duration).Order().ToList();
        return sorted.Count == 0
            ? new(component, slug, pipelines, null, null)
            : new(component, slug, pipelines, JobStatsCalculator.Percentile(sorted, 0.5), JobStatsCalculator.Percentile(sorted, 0.95));
    }
}

/// <summary>What the trends section shows: the trends, or why there are none.</summary>
/// <param name="Unavailable">The store could not be read (named without its password); null when it was.</param>
/// <param name="Omitted">Components of the release past <see cref="DurationTrends.MaxComponents"/>, not shown.</param>
internal sealed record TrendsView(IReadOnlyList<ComponentTrend> Trends, string? Unavailable, int Omitted);

/// <summary>
/// Reads duration trends for a release page from the analytics store the worker's collector fills
/// (RELEASE_ANALYTICS_STORE). The store is opened on first use and kept: it holds no connection,
/// each query takes one from the provider's pool. A store that cannot be read leaves the page whole.
/// </summary>
internal sealed class DurationTrends(ApiSettings settings, TimeProvider time, ILogger<DurationTrends> log)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>A release of hundreds of components gets the trends of its first ones, not a query per component per view.</summary>
    public const int MaxComponents = 60;

    /// <summary>Enough points for a sparkline to show a drift; fewer than the window may hold.</summary>
    public const int MaxPoints = 60;

    private readonly SemaphoreSlim opening = new(1, 1);
    private AnalyticsStore? store;

    public async Task<TrendsView?> ForAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (settings.Analytics is not { } location)
        {
            return null;
        }

        var components = plan.Stages.SelectMany(s => s.Components).ToList();
        try
        {
            var opened = await OpenAsync(location, cancellationToken);
            var to = time.GetUtcNow();
            var bySlug = new Dictionary<string, IReadOnlyList<SuccessfulPipeline>>(StringComparer.Ordinal);
            var trends = new List<ComponentTrend>();
            foreach (var component in components.Take(MaxComponents))
            {
                if (!bySlug.TryGetValue(component.ProjectSlug, out var pipelines))
                {
                    var all = await opened.SuccessfulPipelinesAsync(component.ProjectSlug, to - Window, to, cancellationToken);
                    pipelines = all.Skip(Math.Max(0, all.Count - MaxPoints)).ToList();
                    bySlug[component.ProjectSlug] = pipelines;
                }

                trends.Add(ComponentTrend.Of(component.Name, component.ProjectSlug, pipelines));
            }

            return new TrendsView(trends, null, Math.Max(0, components.Count - MaxComponents));
        }
        catch (Exception e) when (e is StoreException or DbException or TimeoutException)
        {
            // A store's own words never repeat its password; a query's failure names the store as the store describes itself.
            var reason = e is StoreException ? e.Message : $"cannot read the analytics store {location.Description}: {e.Message}";
            log.LogWarning("duration trends unavailable: {Reason}", reason);
            return new TrendsView([], reason, 0);
        }
    }

    private async Task<AnalyticsStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        if (store is { } open)
        {
            return open;
        }

        await opening.WaitAsync(cancellationToken);
        try
        {
            if (location.MissingFile is { } file)
            {
                throw new StoreException($"no analytics store at {file}: the worker's collector fills it (release collect run), or set RELEASE_ANALYTICS_STORE to where it is");
            }

            return store ??= await AnalyticsStore.OpenAsync(location, time, cancellationToken);
        }
        finally
        {
            opening.Release();
        }
    }
}
