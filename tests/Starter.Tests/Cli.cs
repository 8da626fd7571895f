using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>What one command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>Runs the real command line (parser, commands, error handling) with captured output.</summary>
public static class Cli
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, CancellationToken.None, args);

    public static async Task<CliResult> RunAsync(
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = CliConsole.ForWriters(output, error, name => environment.GetValueOrDefault(name), variableNames: environment.Keys.ToList());
        var exitCode = await ReleaseCli.RunAsync(args, console, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The environment of a shell where nothing is configured and nothing listens.</summary>
    public static IReadOnlyDictionary<string, string> Nowhere { get; } = new Dictionary<string, string>
    {
        ["TEMPORAL_ADDRESS"] = "127.0.0.1:1",
    };
}
