namespace Release.CircleCiSimulator;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>The command line as a method, so tests can run it and check the exit code and output.</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter? output = null,
        TextWriter? error = null,
        CancellationToken cancellationToken = default) =>
        SimulatorCommand.RunAsync(args, output ?? Console.Out, error ?? Console.Error, cancellationToken);
}
