using Npgsql;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

/// <summary>
/// Databases of their own on the PostgreSQL named by <c>RELEASE_TEST_POSTGRES</c>, one per test,
/// dropped after. Unset, the tests fail saying how to set it: CI must not pass without them;
/// <c>RELEASE_TEST_POSTGRES=skip</c> skips them on purpose.
/// </summary>
internal sealed class TestPostgres
{
    private const string Variable = "RELEASE_TEST_POSTGRES";

    private readonly List<string> databases = [];

    public static string Server()
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

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateAsync()
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

    public async Task DropAllAsync()
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
}
