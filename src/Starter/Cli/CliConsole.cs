using Spectre.Console;

namespace Release.Starter.Cli;

/// <summary>
/// Where a command writes and what environment it reads: the process's own in
/// <c>Program.cs</c>, captured writers and a dictionary in tests.
/// </summary>
public sealed record CliConsole(IAnsiConsole Out, TextWriter Error, Func<string, string?> Environment)
{
    private const int WideOutput = 200;

    /// <summary>Writes plain text (JSON, ids) unformatted, so scripts can parse it.</summary>
    public void WriteRaw(string line) => Out.Profile.Out.Writer.WriteLine(line);

    /// <summary>A one-line warning on stderr: the command goes on.</summary>
    public void Warn(string message) => Error.WriteLine($"release: warning: {message}");

    public static CliConsole ForProcess()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // A file or pipe has no width; 80 columns would fold every CircleCI link.
            console.Profile.Width = WideOutput;
        }

        return new CliConsole(console, Console.Error, System.Environment.GetEnvironmentVariable);
    }

    /// <summary>A console without colours or cursor movement writing to <paramref name="output"/>.</summary>
    /// <param name="ansi">Claim a terminal (cursor movement, so the live table redraws in place).</param>
    public static CliConsole ForWriters(TextWriter output, TextWriter error, Func<string, string?> environment, bool ansi = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = ansi ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = WideOutput;
        return new CliConsole(console, error, environment);
    }
}
