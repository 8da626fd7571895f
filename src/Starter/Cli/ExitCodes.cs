namespace Release.Starter.Cli;

/// <summary>The exit codes of every command (documented in README.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The release failed or was aborted (or a waited-for release did not succeed).</summary>
    public const int ReleaseFailed = 1;

    /// <summary>Bad usage or input: flags, manifest, unknown id, a release already running.</summary>
    public const int UsageError = 2;

    /// <summary>Temporal cannot be reached, or refused a call the command needs.</summary>
    public const int TemporalUnavailable = 3;

    /// <summary>Ctrl+C: the command stopped; a release it was following keeps running.</summary>
    public const int Interrupted = 130;
}
