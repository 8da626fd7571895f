namespace Release.Worker.Hosting;

/// <summary>
/// The exit code the worker asks for when it stops itself (1: Temporal unreachable, 2: bad
/// namespace). Kept here rather than in Environment.ExitCode so a worker embedded in another
/// process (the starter's demo, tests) does not change that process's exit code.
/// </summary>
public sealed class WorkerExit
{
    private int code;
    private string? problem;

    public int Code => Volatile.Read(ref code);

    /// <summary>Why the worker stopped itself at start (one line), or null.</summary>
    public string? Problem => Volatile.Read(ref problem);

    internal void Set(int value, string? reason = null)
    {
        Volatile.Write(ref problem, reason);
        Volatile.Write(ref code, value);
    }
}
