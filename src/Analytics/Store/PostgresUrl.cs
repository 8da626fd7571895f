using Npgsql;

namespace Release.Analytics.Store;

/// <summary>
/// <c>postgres://user:password@host:port/database?setting=value</c>, the form libpq and most
/// hosting services give, turned into the key=value form Npgsql reads.
/// </summary>
internal static class PostgresUrl
{
    public static NpgsqlConnectionStringBuilder ToBuilder(string url)
    {
        // libpq's postgres://user@/db?host=/run/postgresql (a unix socket) has no host in the
        // authority, which Uri refuses: a stand-in host is parsed, then dropped for ?host=.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOfAny(['/', '?'], schemeEnd) is var end and >= 0 ? end : url.Length;
        var authority = url[schemeEnd..authorityEnd];
        var noHost = authority.Length == 0 || authority.EndsWith('@');
        if (noHost)
        {
            url = url[..authorityEnd] + "localhost" + url[authorityEnd..];
        }

        // The URL is never quoted back: it may hold the password.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new StoreException("the PostgreSQL URL is not valid; write postgres://user:password@host:port/database (escape @ : / in the password as %40 %3A %2F)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = noHost ? null : uri.Host,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            key = Uri.UnescapeDataString(key);
            try
            {
                builder[key] = Uri.UnescapeDataString(value);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new StoreException($"the PostgreSQL URL has a setting \"{key}\" that Npgsql does not take; see the Npgsql connection string parameters");
            }
        }

        if (builder.Database is "")
        {
            builder.Database = null;
        }

        return builder;
    }
}
