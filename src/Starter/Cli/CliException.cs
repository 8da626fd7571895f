namespace Release.Starter.Cli;

/// <summary>
/// An expected failure: its message is the one line the user sees, its code the exit code. Anything
/// else that escapes a command is a bug, reported as such by <see cref="ReleaseCli"/>.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode)
        : base(message) => ExitCode = exitCode;

    public CliException()
        : this("command failed", ExitCodes.UsageError)
    {
    }

    public CliException(string message)
        : this(message, ExitCodes.UsageError)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.UsageError;

    public int ExitCode { get; }

    public static CliException Usage(string message) => new(message, ExitCodes.UsageError);

    public static CliException Unavailable(string message) => new(message, ExitCodes.TemporalUnavailable);
}
