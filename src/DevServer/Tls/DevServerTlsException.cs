namespace Release.DevServer.Tls;

/// <summary>
/// A TLS file given to the server cannot be used. The message is one line naming the flag, the file
/// and what to do; the command line prints it and exits with code 2.
/// </summary>
public sealed class DevServerTlsException : Exception
{
    public DevServerTlsException()
    {
    }

    public DevServerTlsException(string message)
        : base(message)
    {
    }

    public DevServerTlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
