namespace Release.Worker.Hosting;

/// <summary>
/// The exit code the worker asks for when it stops itself (1: Temporal unreachable, 2: bad
/// namespace). Kept here rather than in Environment.ExitCode so a worker embedded in another
/// process (the starter's demo, tests) does not change that process's exit code.
/// </summary>
public sealed class WorkerExit
{
    private int code;

    public int Code => Volatile.Read(ref code);

    internal void Set(int value) => Volatile.Write(ref code, value);
}
