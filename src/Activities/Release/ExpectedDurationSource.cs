using Microsoft.Data.Sqlite;
using Release.Analytics.Store;

namespace Release.Activities.Release;

/// <summary>
/// Reads expected pipeline durations from the analytics store the collector fills. The store is
/// opened at first use; an SQLite file that does not exist yet (nothing was ever collected) is
/// not created, it just has no history.
/// </summary>
public sealed class ExpectedDurationSource(StoreLocation location)
{
    private readonly SemaphoreSlim opening = new(1, 1);
    private AnalyticsStore? store;

    public StoreLocation Location { get; } = location;

    /// <returns>Null when the store or the project has no usable history.</returns>
    public async Task<PipelineDurations?> DurationsAsync(string slug, string branch, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken) =>
        await StoreAsync(cancellationToken) is { } opened
            ? await opened.PipelineDurationsAsync(slug, branch, now, window, cancellationToken)
            : null;

    private async Task<AnalyticsStore?> StoreAsync(CancellationToken cancellationToken)
    {
        if (store is { } opened)
        {
            return opened;
        }

        if (Location.Kind == StoreKind.Sqlite && !File.Exists(new SqliteConnectionStringBuilder(Location.ConnectionString).DataSource))
        {
            return null;
        }

        await opening.WaitAsync(cancellationToken);
        try
        {
            return store ??= await AnalyticsStore.OpenAsync(Location, TimeProvider.System, cancellationToken);
        }
        finally
        {
            opening.Release();
        }
    }
}
