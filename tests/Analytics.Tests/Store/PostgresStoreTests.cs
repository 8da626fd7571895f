using Npgsql;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>
/// The store suite on a real PostgreSQL named by <c>RELEASE_TEST_POSTGRES</c>; each test gets a
/// database of its own, dropped after. Unset, the tests fail: CI must not pass without them.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private readonly TestPostgres postgres = new();

    protected override Task<string> NewLocationAsync() => postgres.CreateAsync();

    protected override async Task ExecuteRawAsync(string location, string sql)
    {
        await using var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync() => postgres.DropAllAsync();

    [SkippableFact]
    public async Task OpenAsync_PostgresUrl_ReachesTheSameServer()
    {
        var builder = new NpgsqlConnectionStringBuilder(await NewLocationAsync());
        var url = $"postgres://{builder.Username}:not-checked%40all@/{builder.Database}?host={Uri.EscapeDataString(builder.Host!)}&port={builder.Port}";

        var store = await AnalyticsStore.OpenAsync(url);

        Assert.Equal(StoreKind.Postgres, store.Location.Kind);
        Assert.DoesNotContain("not-checked", store.Location.Description, StringComparison.Ordinal);
        await store.SetLastPullAsync("gh/org/a", DateTimeOffset.UnixEpoch);
        Assert.Equal(DateTimeOffset.UnixEpoch, await (await AnalyticsStore.OpenAsync(builder.ConnectionString)).LastPullAsync("gh/org/a"));
    }
}
