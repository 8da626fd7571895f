using Release.TestBed.Records;

namespace TestBed.Tests;

/// <summary>
/// Seed 000's whole procedure on real repositories: two lists of three, one reached over
/// file://, the other over HTTP through git http-backend with a token; then again (nothing
/// changes), then restore.
/// </summary>
public sealed class ApplyFlowTests : IDisposable
{
    private const string Token = "flow-token-8d41f3";
    private readonly Remotes remotes = new();

    [Fact]
    public async Task ApplyThenReapplyThenRestore_TwoListsOfThree_ConfigOnEveryReleaseBranchThenBackAsBefore()
    {
        await using var http = await GitHttpHost.StartAsync(remotes.Root, Token);
        var local = new[] { "common", "gateway", "portal" }.Select(n => remotes.Create(n)).ToList();
        var served = new[] { "policy-a", "policy-b", "policy-c" }.Select(n => remotes.Create(n)).ToList();
        var all = local.Concat(served).ToList();
        var before = all.ToDictionary(b => b, b => Branches(b).ToDictionary(x => x, x => GitCli.Tip(b, $"refs/heads/{x}")!));
        var first = remotes.WriteList("repos-scope.1.0.x.list", local.Select(Remotes.FileUrl));
        var second = remotes.WriteList("repos-scope.2.0.x.list", served.Select(http.Url));
        var environment = new Dictionary<string, string> { ["RELEASE_GIT_TOKEN"] = Token };

        var (result, record, recordPath) = await Cli.ApplyAsync(remotes, environment, [first, second]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.Equal([ListStatus.Applied, ListStatus.Applied], record.Lists.Select(l => l.Status));
        Assert.Contains("--- backing up the 3 repositories listed in " + first, result.Out, StringComparison.Ordinal);
        Assert.Contains("3 committed", result.Out, StringComparison.Ordinal);
        foreach (var bare in all)
        {
            var name = Path.GetFileNameWithoutExtension(bare);
            var entry = record.Lists.SelectMany(l => l.Repositories).Single(r => r.Url.EndsWith($"/{name}.git", StringComparison.Ordinal));
            Assert.Equal(BackupStatus.Done, entry.Backup);
            Assert.Equal(Remotes.ReleaseBranches.Order(StringComparer.Ordinal), entry.Branches.Select(b => b.Name));
            foreach (var branch in entry.Branches)
            {
                Assert.Equal((ChangeStatus.Committed, PushStatus.Pushed), (branch.Change, branch.Push));
                Assert.Equal(before[bare][branch.Name], branch.Before);
                Assert.Equal(branch.After, GitCli.Tip(bare, $"refs/heads/{branch.Name}"));
                Assert.Equal(branch.Before, GitCli.Run(bare, "rev-parse", $"{branch.After}^"));
                Assert.Equal(Remotes.ConfigFor(name, branch.Name), GitCli.Show(bare, branch.Name, ".circleci/config.yml") + "\n");
                Assert.Equal(branch.Before, GitCli.Tip(bare, branch.BackupRef));
                Assert.StartsWith($"refs/testbed-backup/{record.Stamp}/", branch.BackupRef, StringComparison.Ordinal);
            }

            // main matches no *.x pattern: left as it was.
            Assert.Equal(before[bare]["main"], GitCli.Tip(bare, "refs/heads/main"));

            // The bundle is one git itself reads, holding the backed-up tips.
            var verified = GitCli.Run(remotes.Work, "-C", bare, "bundle", "list-heads", entry.Bundle!);
            Assert.Equal(entry.Branches.Select(b => $"{b.Before} refs/heads/{b.Name}").Order(StringComparer.Ordinal), verified.Split('\n').Order(StringComparer.Ordinal));
            GitCli.Run(bare, "bundle", "verify", "--quiet", entry.Bundle!);
        }

        // Only the served repositories were asked for the token; it was sent, and never shown.
        Assert.Contains(http.Authorizations, a => a.StartsWith("Basic ", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, File.ReadAllText(recordPath), StringComparison.Ordinal);

        var afterApply = all.ToDictionary(b => b, b => Branches(b).ToDictionary(x => x, x => GitCli.Tip(b, $"refs/heads/{x}")));
        var (again, againRecord, againPath) = await Cli.ApplyAsync(remotes, environment, [first, second]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.All(againRecord.Lists.SelectMany(l => l.Repositories).SelectMany(r => r.Branches), b => Assert.Equal((ChangeStatus.Unchanged, PushStatus.NotNeeded, (string?)null), (b.Change, b.Push, b.After)));
        Assert.All(all, b => Assert.Equal(afterApply[b], Branches(b).ToDictionary(x => x, x => GitCli.Tip(b, $"refs/heads/{x}"))));
        var nothing = await Cli.RunAsync(environment, "testbed", "restore", againPath);
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("nothing to restore", nothing.Out, StringComparison.Ordinal);

        var restored = await Cli.RunAsync(environment, "testbed", "restore", recordPath);

        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Contains("restored 18 branches", restored.Out, StringComparison.Ordinal);
        Assert.All(all, b => Assert.Equal(before[b], Branches(b).ToDictionary(x => x, x => GitCli.Tip(b, $"refs/heads/{x}")!)));
        Assert.DoesNotContain(Token, restored.ToString(), StringComparison.Ordinal);
        var twice = await Cli.RunAsync(environment, "testbed", "restore", recordPath);
        Assert.True(twice.ExitCode == 0, twice.ToString());
        Assert.Contains("restored 0 branches, 18 already at their backup", twice.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_SaysWhatWouldChange_RemotesUntouched()
    {
        var bare = remotes.Create("dry");
        var refsBefore = GitCli.Run(bare, "for-each-ref");
        var list = remotes.WriteList("repos-scope.list", [Remotes.FileUrl(bare)]);

        var (result, record, recordPath) = await Cli.ApplyAsync(remotes, null, [list], "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(refsBefore, GitCli.Run(bare, "for-each-ref"));
        Assert.Equal(ListStatus.Planned, record.Lists.Single().Status);
        var repository = record.Lists.Single().Repositories.Single();
        Assert.Equal((BackupStatus.NotInDryRun, (string?)null), (repository.Backup, repository.Bundle));
        Assert.All(repository.Branches, b => Assert.Equal((ChangeStatus.WouldCommit, PushStatus.NotPushed), (b.Change, b.Push)));
        Assert.Contains("3 would commit", result.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(remotes.Work, "bundles")));
        var restore = await Cli.RunAsync(null, "testbed", "restore", recordPath);
        Assert.Contains("is the record of a dry run", restore.Out, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Branches(string bare) => GitCli.Refs(bare, "refs/heads").Select(r => r["refs/heads/".Length..]);

    public void Dispose() => remotes.Dispose();
}
