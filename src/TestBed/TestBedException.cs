namespace Release.TestBed;

/// <summary>
/// Input the test bed cannot work with (a list line, a folder, a record): its message is the one
/// line the user sees, naming what is wrong and what to do.
/// </summary>
public sealed class TestBedException : Exception
{
    public TestBedException()
    {
    }

    public TestBedException(string message)
        : base(message)
    {
    }

    public TestBedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
