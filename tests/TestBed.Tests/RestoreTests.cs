namespace TestBed.Tests;

/// <summary><c>release testbed restore</c> where someone pushed after the apply.</summary>
public sealed class RestoreTests : IDisposable
{
    private readonly Remotes remotes = new();

    [Fact]
    public async Task Restore_SomeonePushedSince_ThatBranchRefusedOthersRestoredThenForceOverwrites()
    {
        var bare = remotes.Create("api");
        var before = new[] { "1.0.x", "2.0.x", "release/3.1.x" }.ToDictionary(b => b, b => GitCli.Tip(bare, $"refs/heads/{b}"));
        var list = remotes.WriteList("scope.list", [Remotes.FileUrl(bare)]);
        var (applied, record, recordPath) = await Cli.ApplyAsync(remotes, null, [list]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var theirs = remotes.PushAsSomeoneElse(bare, "2.0.x");

        var refused = await Cli.RunAsync(null, "testbed", "restore", recordPath);

        Assert.Equal(1, refused.ExitCode);
        var pushedByApply = record.Lists.Single().Repositories.Single().Branches.Single(b => b.Name == "2.0.x").After!;
        Assert.Equal(
            [
                $"release: {Remotes.FileUrl(bare)} 2.0.x: not restored: someone pushed since the apply (it is at {theirs[..8]}, apply pushed {pushedByApply[..8]}); look at that work, then restore --force to overwrite it",
                "release: 1 branch not restored (1 refused, 0 failed); 2 restored",
            ],
            refused.ErrorLines);
        Assert.Equal(theirs, GitCli.Tip(bare, "refs/heads/2.0.x"));
        Assert.Equal(before["1.0.x"], GitCli.Tip(bare, "refs/heads/1.0.x"));
        Assert.Equal(before["release/3.1.x"], GitCli.Tip(bare, "refs/heads/release/3.1.x"));

        var forced = await Cli.RunAsync(null, "testbed", "restore", recordPath, "--force");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains($"2.0.x: restored to {before["2.0.x"]![..8]}", forced.Out, StringComparison.Ordinal);
        Assert.Contains($"(was {theirs[..8]})", forced.Out, StringComparison.Ordinal);
        Assert.Equal(before["2.0.x"], GitCli.Tip(bare, "refs/heads/2.0.x"));
    }

    [Theory]
    [InlineData("{ not json", "is not a test bed record at line 1")]
    [InlineData("{ \"version\": 7, \"stamp\": \"s\", \"branches\": \"*.x\", \"config\": \"c\" }", "is not a version 1 test bed record")]
    public async Task Restore_NotARecord_OneLineExit2(string text, string expected)
    {
        var path = Path.Combine(remotes.Work, "record.json");
        File.WriteAllText(path, text);

        var result = await Cli.RunAsync(null, "testbed", "restore", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"release: record {path} {expected}; give the testbed-<stamp>.json that apply wrote", Assert.Single(result.ErrorLines));
    }

    public void Dispose() => remotes.Dispose();
}
