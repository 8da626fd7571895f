namespace Release.CircleCiSimulator;

/// <summary>A scenario that cannot be read or makes no sense; the message is one line meant for a person.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
