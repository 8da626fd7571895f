namespace Release.Analytics.Stats;

/// <summary>A rates file that cannot be used; the message is one line naming the file and what to write.</summary>
public sealed class RatesFileException : Exception
{
    public RatesFileException()
    {
    }

    public RatesFileException(string message)
        : base(message)
    {
    }

    public RatesFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
