using System.Data.Common;
using Dapper;

namespace Release.Analytics.Store;

/// <summary>
/// Brings a store to the latest schema at open. Idempotent: each migration is recorded in
/// <c>schema_migrations</c> in the transaction that applies it, so it runs once per store.
/// </summary>
internal static class MigrationRunner
{
    /// <returns>The schema version after migrating.</returns>
    public static async Task<int> MigrateAsync(StoreDialect dialect, TimeProvider clock, CancellationToken cancellationToken)
    {
        dialect.CreateIfMissing();
        await using var connection = dialect.Connect();
        await connection.OpenAsync(cancellationToken);
        await dialect.PrepareAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await dialect.LockForMigrationAsync(connection, transaction, cancellationToken);
        await Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                name TEXT NOT NULL,
                applied_ms BIGINT NOT NULL)
            """, null, cancellationToken);
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();

        var newest = applied.Count == 0 ? 0 : applied.Max();
        if (newest > Migrations.Latest)
        {
            throw new StoreException($"the store is at schema version {newest}, newer than this program's {Migrations.Latest}; use a newer release of the program");
        }

        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            foreach (var statement in migration.Statements)
            {
                await Execute(connection, transaction, statement, null, cancellationToken);
            }

            await Execute(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (@Version, @Name, @AppliedMs)",
                new { Version = (long)migration.Version, migration.Name, AppliedMs = UnixMillis.From(clock.GetUtcNow()) },
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Migrations.Latest;
    }

    private static Task Execute(DbConnection connection, DbTransaction transaction, string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
}
