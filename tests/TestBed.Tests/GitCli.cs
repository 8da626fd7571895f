using System.Diagnostics;

namespace TestBed.Tests;

/// <summary>
/// Debian's git, run as a person would: to make the remotes the tests work on and to look at what
/// the test bed left in them, independently of the libgit2 code under test.
/// </summary>
public static class GitCli
{
    public static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=Someone Else", "-c", "user.email=someone@example.invalid", "-c", "init.defaultBranch=main" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.TrimEnd()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} in {directory} exited {process.ExitCode}: {error.Result}");
    }

    /// <summary>The commit a ref of a bare repository points at, or null if there is no such ref.</summary>
    public static string? Tip(string bare, string reference)
    {
        var line = Run(bare, "for-each-ref", "--format=%(objectname)", reference);
        return line.Length == 0 ? null : line;
    }

    public static string Show(string bare, string reference, string path) => Run(bare, "show", $"{reference}:{path}");

    public static IReadOnlyList<string> Refs(string bare, string prefix) =>
        Run(bare, "for-each-ref", "--format=%(refname)", prefix).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
