using Release.Activities.Release;
using Spectre.Console;

namespace Release.Starter.Cli;

/// <summary>
/// Where a command writes and what environment it reads: the process's own in
/// <c>Program.cs</c>, captured writers and a dictionary in tests.
/// </summary>
/// <param name="VariableNames">The names of the variables set, for the families no fixed name
/// covers (TEMPORAL_GRPC_META_*); null: none.</param>
public sealed record CliConsole(IAnsiConsole Out, TextWriter Error, Func<string, string?> Environment, IReadOnlyCollection<string>? VariableNames = null)
{
    // A file or pipe has no width; at 80 columns every CircleCI link would fold across lines,
    // and a folded link can neither be clicked nor grepped.
    private const int WideOutput = 1000;

    /// <summary>Writes plain text (JSON, ids) unformatted, so scripts can parse it.</summary>
    public void WriteRaw(string line) => Out.Profile.Out.Writer.WriteLine(line);

    /// <summary>A one-line warning on stderr: the command goes on.</summary>
    public void Warn(string message) => Error.WriteLine($"release: warning: {message}");

    /// <summary>The variables whose names start with <paramref name="prefix"/>, with their values.</summary>
    public IEnumerable<KeyValuePair<string, string?>> VariablesStartingWith(string prefix) =>
        (VariableNames ?? []).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => KeyValuePair.Create(n, Environment(n)));

    /// <summary>Where the whole reports of large stages are read (<c>RELEASE_REPORTS_DIR</c>, as the worker's).</summary>
    public ReportStore Reports() => ReportStore.FromEnvironment(Environment);

    public static CliConsole ForProcess()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = WideOutput;
        }

        var names = System.Environment.GetEnvironmentVariables().Keys.OfType<string>().ToList();
        return new CliConsole(console, Console.Error, System.Environment.GetEnvironmentVariable, names);
    }

    /// <summary>A console without colours or cursor movement writing to <paramref name="output"/>.</summary>
    /// <param name="ansi">Claim a terminal (cursor movement, so the live table redraws in place).</param>
    public static CliConsole ForWriters(
        TextWriter output, TextWriter error, Func<string, string?> environment, bool ansi = false, IReadOnlyCollection<string>? variableNames = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = ansi ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = ansi ? 200 : WideOutput;
        return new CliConsole(console, error, environment, variableNames);
    }
}
