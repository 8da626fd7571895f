using Microsoft.Data.Sqlite;

namespace Release.Api.Tokens;

/// <summary>
/// The API's own small state in one SQLite file: token hashes and idempotency keys. Releases
/// themselves live in Temporal only; this file can be lost without losing a release.
/// </summary>
public sealed class ApiDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tokens (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, products TEXT NOT NULL,
            hash BLOB NOT NULL, created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT, created_by TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS idempotency (
            key TEXT NOT NULL, caller TEXT NOT NULL, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, created_at TEXT NOT NULL,
            PRIMARY KEY (key, caller));
        """;

    private readonly string connectionString;

    public ApiDatabase(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;" + Schema;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
