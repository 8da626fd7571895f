using Release.Analytics.Store;

namespace Release.Analytics.Tests.Store;

public sealed class StoreLocationTests
{
    private const string Password = "pa55-w0rd:secret";

    [Theory]
    [InlineData("sqlite:data/analytics.db")]
    [InlineData("data/analytics.db")]
    public void Parse_SqliteForms_AFileUnderTheWorkingDirectory(string location)
    {
        var parsed = StoreLocation.Parse(location);

        Assert.Equal(StoreKind.Sqlite, parsed.Kind);
        Assert.Equal($"sqlite:{Path.GetFullPath("data/analytics.db")}", parsed.Description);
    }

    [Fact]
    public void Parse_PostgresUrl_EveryPartAndNoPasswordInTheDescription()
    {
        var parsed = StoreLocation.Parse($"postgres://release:{Uri.EscapeDataString(Password)}@db.example.com:6543/analytics?sslmode=require");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal(StoreKind.Postgres, parsed.Kind);
        Assert.Equal(("db.example.com", 6543, "analytics", "release", Password, Npgsql.SslMode.Require), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
        Assert.DoesNotContain("secret", parsed.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("db.example.com", parsed.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PostgresUrlToAUnixSocket_HostFromTheQuery()
    {
        var parsed = StoreLocation.Parse("postgresql://release@/analytics?host=%2Frun%2Fpostgresql&port=5433");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal(("/run/postgresql", 5433, "analytics", "release"), (builder.Host, builder.Port, builder.Database, builder.Username));
    }

    [Fact]
    public void Parse_ConnectionString_KeptButShownWithoutPassword()
    {
        var parsed = StoreLocation.Parse($"Host=db;Database=analytics;Username=release;Password={Password}");

        Assert.Equal(StoreKind.Postgres, parsed.Kind);
        Assert.Equal(Password, new Npgsql.NpgsqlConnectionStringBuilder(parsed.ConnectionString).Password);
        Assert.DoesNotContain("secret", parsed.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Password=secret;NotASetting=1")]
    [InlineData("postgres://u:secret@db/x?nosuchsetting=1")]
    [InlineData("postgres://u:secret@/x")]
    [InlineData("sqlite:")]
    [InlineData("  ")]
    public void Parse_Mistake_SaysWhatToWriteWithoutThePassword(string location)
    {
        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse(location));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Matches("write|add|see", error.Message);
    }

    [Fact]
    public async Task OpenAsync_UnreachableServer_StoreExceptionWithoutThePassword()
    {
        // Port 1 on the loopback: refused at once, no server needed.
        var error = await Assert.ThrowsAsync<StoreException>(() =>
            AnalyticsStore.OpenAsync($"Host=127.0.0.1;Port=1;Username=release;Password={Password};Timeout=5"));

        Assert.StartsWith("cannot open the analytics store postgres:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }
}
