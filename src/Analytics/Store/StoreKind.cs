namespace Release.Analytics.Store;

public enum StoreKind
{
    /// <summary>An embedded file: nothing to set up, one machine.</summary>
    Sqlite,

    /// <summary>A server shared by a team.</summary>
    Postgres,
}
