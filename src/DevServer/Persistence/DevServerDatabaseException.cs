namespace Release.DevServer.Persistence;

/// <summary>
/// The --db-filename file cannot be used: not SQLite, not ours, corrupt, from a newer version, or in
/// use. The message is one line naming the file and what to do; the command line exits with code 2.
/// </summary>
public sealed class DevServerDatabaseException : Exception
{
    public DevServerDatabaseException(string message)
        : base(message)
    {
    }

    public DevServerDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DevServerDatabaseException()
    {
    }
}
