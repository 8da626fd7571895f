using Microsoft.Data.Sqlite;
using Npgsql;

namespace Release.Analytics.Store;

/// <summary>Where the store is, read from what a user writes (<c>--store</c>, an environment variable).</summary>
/// <param name="ConnectionString">Holds the password, if any: never print it; print <paramref name="Description"/>.</param>
/// <param name="Description">The store without its password, for messages and logs.</param>
public sealed record StoreLocation(StoreKind Kind, string ConnectionString, string Description)
{
    public override string ToString() => Description;

    /// <summary>
    /// A SQLite store's file when it does not exist yet; null otherwise. Opening migrates, so a
    /// reader checks this first rather than create an empty store where none was collected.
    /// </summary>
    public string? MissingFile => Kind == StoreKind.Sqlite && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { } file && !File.Exists(file)
        ? file
        : null;

    /// <summary>Where the worker keeps the store and <c>release stats</c> reads it unless told otherwise.</summary>
    public static string DefaultPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "release", "analytics.db");

    /// <summary>
    /// Reads <c>sqlite:PATH</c> or a bare file path, <c>postgres://user:pass@host:port/db</c>
    /// (or <c>postgresql://</c>, with <c>?host=/socket/dir</c> or other Npgsql settings as query
    /// parameters), or an Npgsql connection string (<c>Host=...;Database=...</c>).
    /// </summary>
    /// <exception cref="StoreException">It is none of these; the message does not repeat a password.</exception>
    public static StoreLocation Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var text = location.Trim();
        if (text.Length == 0)
        {
            throw new StoreException("no analytics store given; write sqlite:PATH, a file path, or postgres://user:password@host:port/database");
        }

        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(PostgresUrl.ToBuilder(text));
        }

        if (LooksLikeConnectionString(text))
        {
            var builder = new NpgsqlConnectionStringBuilder();
            try
            {
                builder.ConnectionString = text;
            }
            catch (ArgumentException)
            {
                // Npgsql's reason can quote the text, password included.
                throw new StoreException("the PostgreSQL connection string is not valid; write it as Host=...;Port=...;Database=...;Username=...;Password=...");
            }

            return Postgres(builder);
        }

        var path = text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? text["sqlite:".Length..] : text;
        if (path.Length == 0)
        {
            throw new StoreException("sqlite: names no file; write sqlite:PATH, e.g. sqlite:release-analytics.db");
        }

        var full = Path.GetFullPath(path);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Seconds a writer waits for another's lock (two collectors, or migrations at open).
            DefaultTimeout = 30,
        };
        return new StoreLocation(StoreKind.Sqlite, sqlite.ConnectionString, $"sqlite:{full}");
    }

    private static bool LooksLikeConnectionString(string text) =>
        text.Contains('=', StringComparison.Ordinal)
        && (text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
            || text.Contains(";Host=", StringComparison.OrdinalIgnoreCase));

    private static StoreLocation Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StoreException("the PostgreSQL store names no host; add Host=... (or the host in postgres://user@host/database)");
        }

        // Without it an opened connection's ConnectionString would still carry the password.
        builder.PersistSecurityInfo = false;
        var shown = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null };
        shown.Remove("Persist Security Info");
        return new StoreLocation(StoreKind.Postgres, builder.ConnectionString, $"postgres:{shown.ConnectionString}");
    }
}
