using Microsoft.Data.Sqlite;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"release-analytics-{Guid.NewGuid():N}");

    protected override Task<string> NewLocationAsync() =>
        Task.FromResult($"sqlite:{Path.Combine(directory, $"{Guid.NewGuid():N}", "analytics.db")}");

    protected override async Task ExecuteRawAsync(string location, string sql)
    {
        await using var connection = new SqliteConnection(StoreLocation.Parse(location).ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        // Pooled connections keep the files open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task OpenAsync_BarePathInAMissingFolder_CreatesTheFile()
    {
        var path = Path.Combine(directory, "nested", "store.db");

        var store = await AnalyticsStore.OpenAsync(path);

        Assert.True(File.Exists(path));
        Assert.Equal(StoreKind.Sqlite, store.Location.Kind);
        Assert.Equal($"sqlite:{path}", store.Location.Description);
    }
}
