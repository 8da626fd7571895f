using Release.TestBed.Records;

namespace TestBed.Tests;

/// <summary>What goes wrong part way: a backup that fails, a push the server rejects, a branch that moved.</summary>
public sealed class ApplyFailureTests : IDisposable
{
    private readonly Remotes remotes = new();

    [Fact]
    public async Task Apply_UnreachableRepositoryInFirstList_FirstListCancelledUntouchedSecondListApplied()
    {
        var ok = new[] { "a1", "a3" }.Select(n => remotes.Create(n)).ToList();
        var next = new[] { "b1", "b2", "b3" }.Select(n => remotes.Create(n)).ToList();
        var okBefore = ok.Select(b => GitCli.Run(b, "for-each-ref", "refs/heads")).ToList();
        var unreachable = "http://127.0.0.1:1/a2.git";
        var first = remotes.WriteList("first.list", [Remotes.FileUrl(ok[0]), unreachable, Remotes.FileUrl(ok[1])]);
        var second = remotes.WriteList("second.list", next.Select(Remotes.FileUrl));

        var (result, record, _) = await Cli.ApplyAsync(remotes, null, [first, second]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([ListStatus.Cancelled, ListStatus.Applied], record.Lists.Select(l => l.Status));
        var cancelled = record.Lists[0];
        Assert.Equal([BackupStatus.Done, BackupStatus.Failed, BackupStatus.Done], cancelled.Repositories.Select(r => r.Backup));
        Assert.StartsWith("unreachable", cancelled.Repositories[1].Error, StringComparison.Ordinal);
        Assert.All(cancelled.Repositories.SelectMany(r => r.Branches), b => Assert.Equal(ChangeStatus.Cancelled, b.Change));
        Assert.Equal(okBefore, ok.Select(b => GitCli.Run(b, "for-each-ref", "refs/heads")));
        Assert.All(next, b => Assert.Equal(3, record.Lists[1].Repositories.Single(r => r.Url == Remotes.FileUrl(b)).Branches.Count(x => x.Push == PushStatus.Pushed)));

        // One line for the failed backup, one for the cancelled list, one for the exit.
        Assert.Collection(
            result.ErrorLines,
            l => Assert.StartsWith($"release: {first}: backup of {unreachable} failed: unreachable", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"release: {first}: operations cancelled on the repositories listed in {first}: the backup of 1 of 3 repositories failed", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"release: 1 of 2 lists not fully set up ({first}: cancelled)", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_RepositoryWithoutReleaseBranch_ItsListCancelledWithTheBranchesItHas()
    {
        var plain = remotes.Create("no-release", branches: ["develop"]);
        var list = remotes.WriteList("scope.list", [Remotes.FileUrl(plain)]);

        var (result, record, _) = await Cli.ApplyAsync(remotes, null, [list]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(ListStatus.Cancelled, record.Lists.Single().Status);
        Assert.Equal(
            "no branch matches '*.x' (it has develop, main); give --branches a pattern that names its release branches, or leave it out of the list",
            record.Lists.Single().Repositories.Single().Error);
        Assert.Empty(GitCli.Refs(plain, "refs/testbed-backup"));
    }

    [Fact]
    public async Task Apply_PushRejectedMidList_RecordShowsWhatWasPushedAndWhatWasNot()
    {
        await using var http = await GitHttpHost.StartAsync(remotes.Root);
        var repositories = new[] { "r1", "r2", "r3" }.Select(n => remotes.Create(n)).ToList();

        // r2 protects 2.0.x, as a hosting service's branch protection would; backup refs are welcome.
        Remotes.Hook(repositories[1], "pre-receive", """
            while read old new ref; do
              if [ "$ref" = refs/heads/2.0.x ]; then echo "2.0.x is protected" >&2; exit 1; fi
            done
            """);
        var protectedBefore = GitCli.Tip(repositories[1], "refs/heads/2.0.x");
        var list = remotes.WriteList("scope.list", repositories.Select(http.Url));

        var (result, record, recordPath) = await Cli.ApplyAsync(remotes, null, [list]);

        Assert.Equal(1, result.ExitCode);
        var entry = record.Lists.Single();
        Assert.Equal(ListStatus.Incomplete, entry.Status);
        var pushes = entry.Repositories.Select(r => string.Join(" ", r.Branches.Select(b => $"{b.Name}:{b.Push}"))).ToList();
        Assert.Equal(
            [
                "1.0.x:Pushed 2.0.x:Pushed release/3.1.x:Pushed",
                "1.0.x:Pushed 2.0.x:Rejected release/3.1.x:Pushed",
                "1.0.x:Pushed 2.0.x:Pushed release/3.1.x:Pushed",
            ],
            pushes);
        var rejected = entry.Repositories[1].Branches.Single(b => b.Name == "2.0.x");
        Assert.StartsWith("rejected by the remote: ", rejected.Error, StringComparison.Ordinal);
        Assert.Equal(protectedBefore, GitCli.Tip(repositories[1], "refs/heads/2.0.x"));
        Assert.All(entry.Repositories.SelectMany(r => r.Branches).Where(b => b.Push == PushStatus.Pushed), b => Assert.NotNull(b.After));
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"release: push of {http.Url(repositories[1])} 2.0.x failed: rejected by the remote", StringComparison.Ordinal));
        Assert.Contains("(2.0.x)", result.Out, StringComparison.Ordinal);

        // What was pushed is what restore puts back: the rejected branch is left as it is.
        var restored = await Cli.RunAsync(null, "testbed", "restore", recordPath);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Contains("restored 8 branches", restored.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_BranchMovesAfterItsBackup_PushRejectedAsNotFastForwardTheirCommitKept()
    {
        await using var http = await GitHttpHost.StartAsync(remotes.Root);
        var bare = remotes.Create("moving");

        // As the backup refs arrive, someone else's commit lands on 1.0.x (a real push race, served by receive-pack).
        Remotes.Hook(bare, "post-receive", """
            while read old new ref; do
              case "$ref" in refs/testbed-backup/*/1.0.x)
                tree=$(git rev-parse refs/heads/1.0.x^{tree})
                commit=$(echo "someone else's work" | GIT_AUTHOR_NAME=o GIT_AUTHOR_EMAIL=o@o GIT_COMMITTER_NAME=o GIT_COMMITTER_EMAIL=o@o git commit-tree "$tree" -p refs/heads/1.0.x)
                git update-ref refs/heads/1.0.x "$commit"
              esac
            done
            """);
        var list = remotes.WriteList("scope.list", [http.Url(bare)]);

        var (result, record, _) = await Cli.ApplyAsync(remotes, null, [list]);

        Assert.Equal(1, result.ExitCode);
        var branch = record.Lists.Single().Repositories.Single().Branches.Single(b => b.Name == "1.0.x");
        Assert.Equal(PushStatus.Rejected, branch.Push);
        Assert.Equal("rejected: the branch moved on the remote since it was backed up (not a fast-forward); run apply again", branch.Error);
        Assert.Equal("someone else's work", GitCli.Run(bare, "log", "-1", "--format=%s", "refs/heads/1.0.x"));
        Assert.Equal(branch.Before, GitCli.Run(bare, "rev-parse", "refs/heads/1.0.x^"));
    }

    public void Dispose() => remotes.Dispose();
}
