namespace BadInput.Tests.Support;

/// <summary>
/// The project's rule for a user's mistake: one line on stderr naming the problem, a non-zero
/// exit code, and no trace of the runtime (stack frames, exception or generic type names).
/// </summary>
public static class UserMistake
{
    private static readonly string[] RuntimeTraces =
        ["   at ", "Exception:", "Unhandled exception", "System.", "`1", "--- End of"];

    /// <summary>Asserts the exit code and that stderr is one line containing <paramref name="mentions"/> (case-insensitive).</summary>
    public static void AssertOneLine(ProcessResult result, int exitCode, params string[] mentions)
    {
        Assert.True(exitCode == result.ExitCode, $"expected exit {exitCode}\n{result}");
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one line on stderr\n{result}");
        AssertNoRuntimeTrace(lines[0], result);
        foreach (var mention in mentions)
        {
            Assert.True(lines[0].Contains(mention, StringComparison.OrdinalIgnoreCase), $"expected stderr to mention '{mention}'\n{result}");
        }
    }

    /// <summary>For an HTTP answer: the body a person reads carries no runtime trace either.</summary>
    public static void AssertNoRuntimeTrace(string text, object context)
    {
        foreach (var trace in RuntimeTraces)
        {
            Assert.False(text.Contains(trace, StringComparison.Ordinal), $"runtime detail '{trace}' reached the user\n{context}");
        }
    }
}
