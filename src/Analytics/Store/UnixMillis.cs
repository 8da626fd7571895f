namespace Release.Analytics.Store;

/// <summary>
/// Times are stored as unix milliseconds in BIGINT columns: one type that SQLite and PostgreSQL
/// compare, index and return alike, with no time zone to get wrong.
/// </summary>
internal static class UnixMillis
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public static DateTimeOffset? To(long? millis) => millis is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m) : null;
}
