namespace Release.Analytics.Onboarding;

/// <summary>
/// A fixture file that cannot be onboarded. The message is one line, <c>file:line: what is wrong;
/// what to do</c>, fit to print as it is.
/// </summary>
public sealed class FixtureException : Exception
{
    public FixtureException(string file, long line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
    }

    public FixtureException()
    {
        File = "";
    }

    public FixtureException(string message)
        : base(message)
    {
        File = "";
    }

    public FixtureException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
    }

    public string File { get; }

    public long Line { get; }
}
