using Release.Starter.Cli;
using Release.TestBed.Records;

namespace TestBed.Tests;

/// <summary>What one command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the real <c>release</c> command line (parser, commands, error handling) with captured output.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        environment ??= new Dictionary<string, string>();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = CliConsole.ForWriters(output, error, name => environment.GetValueOrDefault(name), variableNames: environment.Keys.ToList());
        var exitCode = await ReleaseCli.RunAsync(args, console, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary><c>release testbed apply</c> on the given lists, its record in the test's folder.</summary>
    public static async Task<(CliResult Result, TestBedRecord Record, string RecordPath)> ApplyAsync(
        Remotes remotes, IReadOnlyDictionary<string, string>? environment, string[] lists, params string[] more)
    {
        var recordPath = Path.Combine(remotes.Work, $"record-{Guid.NewGuid():N}.json");
        string[] args = ["testbed", "apply", "--scope", .. lists, "--config", remotes.WriteConfig(), "--record", recordPath, "--backup-dir", Path.Combine(remotes.Work, "bundles"), .. more];
        var result = await RunAsync(environment, args);
        return (result, RecordFile.Load(recordPath), recordPath);
    }
}
