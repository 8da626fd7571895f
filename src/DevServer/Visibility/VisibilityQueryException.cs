namespace Release.DevServer.Visibility;

/// <summary>
/// A list filter the server refuses. The message reads like the real server's ("invalid query: ...")
/// and names the position (1-based character index) where the problem is, when there is one.
/// </summary>
public sealed class VisibilityQueryException : Exception
{
    public VisibilityQueryException(string problem, int? position = null)
        : base(position is { } p ? $"invalid query: {problem} at position {p}" : $"invalid query: {problem}")
    {
        Problem = problem;
        Position = position;
    }

    public VisibilityQueryException()
        : this("unknown problem")
    {
    }

    public VisibilityQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public string Problem { get; } = "";
    public int? Position { get; }
}
