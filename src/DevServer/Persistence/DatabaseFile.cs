using Microsoft.Data.Sqlite;

namespace Release.DevServer.Persistence;

/// <summary>
/// Decides whether a --db-filename file may be used, and words the one-line refusal when not: the
/// file must be empty or new, or SQLite with this server's marker and schema version.
/// </summary>
internal static class DatabaseFile
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    public static void CheckHeader(string path, string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new DevServerDatabaseException($"--db-filename '{path}' is a directory; pass a file name");
        }
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DevServerDatabaseException($"--db-filename '{path}': directory '{directory}' does not exist; create it or pass another path");
        }
        if (!File.Exists(fullPath) || new FileInfo(fullPath).Length == 0)
        {
            return;
        }
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var file = File.OpenRead(fullPath))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw new DevServerDatabaseException(
                $"--db-filename '{path}' is not a SQLite database (nor a dev server database); pass a new file name or one written by this server");
        }
    }

    public static void EnsureSchema(SqliteConnection connection, string path)
    {
        var applicationId = Convert.ToInt32(SqliteExecutionStore.Scalar(connection, "PRAGMA application_id"), System.Globalization.CultureInfo.InvariantCulture);
        var version = Convert.ToInt32(SqliteExecutionStore.Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(SqliteExecutionStore.Scalar(connection, "SELECT count(*) FROM sqlite_master"), System.Globalization.CultureInfo.InvariantCulture);
        if (applicationId == 0 && version == 0 && tables == 0)
        {
            SqliteExecutionStore.Execute(connection, """
                BEGIN;
                CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
                CREATE TABLE namespaces(name TEXT PRIMARY KEY, state BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE executions(seq INTEGER PRIMARY KEY, namespace TEXT NOT NULL, workflow_id TEXT NOT NULL,
                    run_id TEXT NOT NULL, state BLOB NOT NULL);
                CREATE TABLE events(seq INTEGER NOT NULL, first_event_id INTEGER NOT NULL, events BLOB NOT NULL,
                    PRIMARY KEY(seq, first_event_id)) WITHOUT ROWID;
                """ + $"PRAGMA application_id = {SqliteExecutionStore.ApplicationId}; PRAGMA user_version = {SqliteExecutionStore.SchemaVersion}; COMMIT;");
            return;
        }
        if (applicationId != SqliteExecutionStore.ApplicationId)
        {
            throw new DevServerDatabaseException(
                $"--db-filename '{path}' is a SQLite database of another program (no dev server schema marker); pass a new file name");
        }
        if (version != SqliteExecutionStore.SchemaVersion)
        {
            throw new DevServerDatabaseException(
                $"--db-filename '{path}' has dev server schema version {version}, this server reads version {SqliteExecutionStore.SchemaVersion}; use a matching server or a new file");
        }
    }

    public static DevServerDatabaseException Explain(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        26 => new DevServerDatabaseException(
            $"--db-filename '{path}' is not a SQLite database (nor a dev server database); pass a new file name or one written by this server", e),
        11 => new DevServerDatabaseException(
            $"--db-filename '{path}' is corrupt ({e.Message}); move it aside and start with a new file", e),
        5 or 6 => new DevServerDatabaseException(
            $"--db-filename '{path}' is in use by another dev server; stop it or pass another file", e),
        _ => new DevServerDatabaseException($"--db-filename '{path}' cannot be used: {e.Message}", e),
    };
}
