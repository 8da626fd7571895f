using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Release.Analytics.Store;

/// <summary>
/// The little that differs between the two databases: how to connect, and how two processes
/// opening the store at once are kept from migrating it together. The SQL itself is shared.
/// </summary>
internal abstract class StoreDialect
{
    public static StoreDialect For(StoreLocation location) => location.Kind switch
    {
        StoreKind.Sqlite => new SqliteDialect(location.ConnectionString),
        StoreKind.Postgres => new PostgresDialect(location.ConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown store kind"),
    };

    public abstract DbConnection Connect();

    /// <summary>Runs once at open, before the first connection.</summary>
    public virtual void CreateIfMissing()
    {
    }

    /// <summary>Runs once at open, before the migrations' transaction.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Holds other openers back until <paramref name="transaction"/> ends.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    private sealed class SqliteDialect(string connectionString) : StoreDialect
    {
        public override DbConnection Connect() => new SqliteConnection(connectionString);

        // SQLite creates the file but not its folder; "zero setup" includes the folder.
        public override void CreateIfMissing()
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (Path.GetDirectoryName(file) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }

        public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            // Readers (reports) then never wait for the collector's writes, nor block them. The
            // mode is kept in the file, so this is needed once, but is harmless every time.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));
        }

        // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which takes the write
        // lock at once: a second opener waits (up to the busy timeout) and then sees the
        // migrations applied.
        public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }

    private sealed class PostgresDialect(string connectionString) : StoreDialect
    {
        // Any fixed number: it only has to be the same in every process opening a store.
        private const long MigrationLock = 0x52656c_65617365;

        public override DbConnection Connect() => new NpgsqlConnection(connectionString);

        // CREATE TABLE IF NOT EXISTS alone is not safe against a concurrent opener (both can
        // pass the check); the transaction-scoped lock serialises them and ends with the commit.
        public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
            connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = MigrationLock }, transaction, cancellationToken: cancellationToken));
    }
}
