namespace Release.Events.Triggers;

/// <summary>A mistake in a triggers file: its message is one line, <c>FILE:LINE: problem; what to do</c>.</summary>
public sealed class TriggerFileException : Exception
{
    public TriggerFileException(string path, int line, string problem)
        : base($"{path}:{line}: {problem}") => Line = line;

    public TriggerFileException()
    {
    }

    public TriggerFileException(string message)
        : base(message)
    {
    }

    public TriggerFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }
}
