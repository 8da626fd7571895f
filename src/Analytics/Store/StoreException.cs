namespace Release.Analytics.Store;

/// <summary>
/// The analytics store cannot be opened or used. Its message names the store without its password.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
