using BadInput.Tests.Support;

namespace BadInput.Tests;

/// <summary>The harness itself: a manifest that does not exist is a one-line mistake.</summary>
public sealed class HarnessTests
{
    [Fact]
    public async Task Release_StartMissingManifest_OneLineAndExit2()
    {
        var result = await Executable.Release.RunAsync(["start", "/nonexistent/release.json", "--branch", "main"]);

        UserMistake.AssertOneLine(result, 2, "/nonexistent/release.json");
    }
}
