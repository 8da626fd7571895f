using Release.TestBed.Records;

namespace TestBed.Tests;

/// <summary>Bad input: one line on stderr saying what is wrong and what to do, never a stack trace.</summary>
public sealed class InputTests : IDisposable
{
    private readonly Remotes remotes = new();

    [Theory]
    [InlineData("git@github.com:acme/api.git", "git@github.com:acme/api.git is an SSH remote, refused: the test bed authenticates with a token over HTTPS and never reads SSH keys; write it as https://host/org/repo")]
    [InlineData("ssh://git@github.com/acme/api.git", "ssh://git@github.com/acme/api.git is an SSH remote, refused: the test bed authenticates with a token over HTTPS and never reads SSH keys; write it as https://host/org/repo")]
    [InlineData("acme/api", "'acme/api' is not a repository URL; write one https://host/org/repo (or file:///path) per line")]
    [InlineData("https://bot:ghp_secret123@github.com/acme/api", "https://***@github.com/acme/api holds credentials in its URL; remove them and set RELEASE_GIT_TOKEN or RELEASE_GIT_TOKEN_FILE")]
    [InlineData("https://github.com/", "https://github.com/ names a host but no repository; write https://host/org/repo")]
    public async Task Apply_MalformedLineInSecondList_OneLineWithItsLineNumberNothingDone(string line, string expected)
    {
        var bare = remotes.Create("api");
        var refs = GitCli.Run(bare, "for-each-ref");
        var good = remotes.WriteList("good.list", [Remotes.FileUrl(bare)]);
        var bad = remotes.WriteList("bad.list", ["# the gateway's repositories", "", "https://github.com/acme/gateway", line]);

        var result = await Cli.RunAsync(null, "testbed", "apply", "--scope", good, bad, "--config", remotes.WriteConfig(), "--record", Path.Combine(remotes.Work, "r.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"release: {bad}:4: {expected}", Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("ghp_secret123", result.ToString(), StringComparison.Ordinal);

        // Every list is read before any repository is touched.
        Assert.Equal(refs, GitCli.Run(bare, "for-each-ref"));
        Assert.False(File.Exists(Path.Combine(remotes.Work, "r.json")));
    }

    [Fact]
    public async Task Apply_EmptyOrMissingConfigFolder_OneLineExit2()
    {
        var list = remotes.WriteList("scope.list", [Remotes.FileUrl(remotes.Create("api"))]);
        var empty = Directory.CreateDirectory(Path.Combine(remotes.Work, "empty")).FullName;
        var missing = Path.Combine(remotes.Work, "missing");

        var emptyResult = await Cli.RunAsync(null, "testbed", "apply", "--scope", list, "--config", empty);
        var missingResult = await Cli.RunAsync(null, "testbed", "apply", "--scope", list, "--config", missing);

        Assert.Equal(2, emptyResult.ExitCode);
        Assert.Equal($"release: config folder {empty} has no files; put .circleci/config.yml (and any other file to install) in it", Assert.Single(emptyResult.ErrorLines));
        Assert.Equal(2, missingResult.ExitCode);
        Assert.Equal($"release: config folder {missing} does not exist; give --config the folder holding .circleci/config.yml", Assert.Single(missingResult.ErrorLines));
    }

    [Fact]
    public async Task Apply_MissingListOrNoScope_OneLineExit2()
    {
        var missing = Path.Combine(remotes.Work, "repos-scope.9.9.x.list");

        var noFile = await Cli.RunAsync(null, "testbed", "apply", "--scope", missing, "--config", remotes.WriteConfig());
        var noScope = await Cli.RunAsync(null, "testbed", "apply", "--config", remotes.WriteConfig());

        Assert.Equal(2, noFile.ExitCode);
        Assert.Equal($"release: cannot read scope list {missing}: no such file; give a repos-scope list (release scope MANIFEST --out FILE writes one)", Assert.Single(noFile.ErrorLines));
        Assert.Equal(2, noScope.ExitCode);
        Assert.StartsWith("release: release testbed apply needs --scope (file)", Assert.Single(noScope.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_TokenAndPlainHttpToAnotherHost_RefusedBeforeSendingIt()
    {
        var list = remotes.WriteList("scope.list", ["http://git.example.invalid/acme/api.git"]);
        var environment = new Dictionary<string, string> { ["RELEASE_GIT_TOKEN"] = "tok-123456" };

        var result = await Cli.RunAsync(environment, "testbed", "apply", "--scope", list, "--config", remotes.WriteConfig());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"release: {list}: http://git.example.invalid/acme/api.git is plain HTTP and RELEASE_GIT_TOKEN is set: the token would travel in clear; use its https:// URL",
            Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Apply_ServerWantsTokenNoneGiven_BackupFailsSayingWhichVariable_TokenFileThenWorksUnseen()
    {
        const string token = "file-token-77c1";
        await using var http = await GitHttpHost.StartAsync(remotes.Root, token);
        var bare = remotes.Create("private");
        var list = remotes.WriteList("scope.list", [http.Url(bare)]);

        var (anonymous, anonymousRecord, _) = await Cli.ApplyAsync(remotes, null, [list]);

        Assert.Equal(1, anonymous.ExitCode);
        Assert.Equal(
            "authentication required: set RELEASE_GIT_TOKEN (or RELEASE_GIT_TOKEN_FILE) to a token that may push",
            anonymousRecord.Lists.Single().Repositories.Single().Error);

        var tokenFile = Path.Combine(remotes.Work, "git-token");
        File.WriteAllText(tokenFile, token + "\n");
        var wrong = new Dictionary<string, string> { ["RELEASE_GIT_TOKEN"] = "not-the-token" };
        var (refused, refusedRecord, _) = await Cli.ApplyAsync(remotes, wrong, [list]);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("authentication failed: the server refused the token", refusedRecord.Lists.Single().Repositories.Single().Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", refused.ToString(), StringComparison.Ordinal);

        var (withFile, record, recordPath) = await Cli.ApplyAsync(remotes, new Dictionary<string, string> { ["RELEASE_GIT_TOKEN_FILE"] = tokenFile }, [list]);

        Assert.True(withFile.ExitCode == 0, withFile.ToString());
        Assert.Equal(ListStatus.Applied, record.Lists.Single().Status);
        Assert.DoesNotContain(token, withFile.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, File.ReadAllText(recordPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_TokenFileMissing_OneLineExit2()
    {
        var list = remotes.WriteList("scope.list", [Remotes.FileUrl(remotes.Create("api"))]);
        var path = Path.Combine(remotes.Work, "no-token-here");

        var result = await Cli.RunAsync(new Dictionary<string, string> { ["RELEASE_GIT_TOKEN_FILE"] = path }, "testbed", "apply", "--scope", list, "--config", remotes.WriteConfig());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"release: RELEASE_GIT_TOKEN_FILE names {path}: no such file; point it at a file holding the token", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Help_TestBed_NamesApplyRestoreAndTheTokenVariables()
    {
        var result = await Cli.RunAsync(null, "testbed", "--help");
        var apply = await Cli.RunAsync(null, "testbed", "apply", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("apply", result.Out, StringComparison.Ordinal);
        Assert.Contains("restore <record>", result.Out, StringComparison.Ordinal);
        Assert.Contains("RELEASE_GIT_TOKEN_FILE", result.Out, StringComparison.Ordinal);
        Assert.Contains("SSH remotes are refused", result.Out, StringComparison.Ordinal);
        Assert.Contains("--dry-run", apply.Out, StringComparison.Ordinal);
        Assert.Contains("--branches <pattern>", apply.Out, StringComparison.Ordinal);
    }

    public void Dispose() => remotes.Dispose();
}
