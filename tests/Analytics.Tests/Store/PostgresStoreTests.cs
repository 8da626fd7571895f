using Npgsql;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>
/// The store suite on a real PostgreSQL named by <c>RELEASE_TEST_POSTGRES</c>; each test gets a
/// database of its own, dropped after. Unset, the tests fail: CI must not pass without them.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private const string Variable = "RELEASE_TEST_POSTGRES";

    private readonly List<string> databases = [];

    private static string Server()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        Skip.If(value == "skip", $"{Variable}=skip");
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: run .ci/run, or eval \"$(.ci/postgres-cluster start)\" first, or set {Variable} to a PostgreSQL "
                + $"connection string (Host=...;Username=...); {Variable}=skip skips these tests on purpose");
        }

        return StoreLocation.Parse(value).ConnectionString;
    }

    protected override async Task<string> NewLocationAsync()
    {
        var server = Server();
        var name = $"release_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        databases.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    protected override async Task ExecuteRawAsync(string location, string sql)
    {
        await using var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        if (databases.Count == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(Server());
        await connection.OpenAsync();
        foreach (var name in databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

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
