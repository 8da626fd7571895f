using Release.TestBed.Git;
using Release.TestBed.Records;
using Release.TestBed.Scope;

namespace Release.TestBed.Restore;

/// <summary>What a restore did, branch by branch.</summary>
public sealed record RestoreOutcome(int Restored, int AlreadyRestored, int Refused, int Failed)
{
    public bool Complete => Refused == 0 && Failed == 0;
}

/// <summary>
/// Puts every branch an apply pushed back on its backed-up commit: a force-push of the backup ref.
/// A branch that moved since the apply (someone pushed) is refused unless forced, since the
/// force-push would throw their work away.
/// </summary>
public sealed class TestBedRestorer(GitCredentials credentials, Action<string> say, Action<string> problem)
{
    public RestoreOutcome Restore(string recordPath, bool force, CancellationToken cancellationToken)
    {
        var record = RecordFile.Load(recordPath);
        if (record.DryRun)
        {
            say($"nothing to restore: {recordPath} is the record of a dry run, which changed nothing");
            return new RestoreOutcome(0, 0, 0, 0);
        }

        var pushed = record.Lists.SelectMany(l => l.Repositories)
            .SelectMany(r => r.Branches.Where(b => b.Push == PushStatus.Pushed).Select(b => (r.Url, Branch: b)))
            .GroupBy(p => p.Url, p => p.Branch, StringComparer.Ordinal)
            .ToList();
        if (pushed.Count == 0)
        {
            say($"nothing to restore: the apply of {recordPath} pushed no change");
            return new RestoreOutcome(0, 0, 0, 0);
        }

        var outcome = new RestoreOutcome(0, 0, 0, 0);
        foreach (var repository in pushed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcome = Add(outcome, RestoreRepository(repository.Key, repository.ToList(), force));
        }

        return outcome;
    }

    private static RestoreOutcome Add(RestoreOutcome a, RestoreOutcome b) =>
        new(a.Restored + b.Restored, a.AlreadyRestored + b.AlreadyRestored, a.Refused + b.Refused, a.Failed + b.Failed);

    private RestoreOutcome RestoreRepository(string urlText, List<BranchRecord> branches, bool force)
    {
        var (url, invalid) = RemoteUrl.Parse(urlText);
        var refusal = url is null ? invalid : credentials.RefusalFor(url);
        if (url is null || refusal is not null)
        {
            problem($"{urlText}: not restored: {refusal}");
            return new RestoreOutcome(0, 0, 0, branches.Count);
        }

        try
        {
            using var clone = RemoteRepository.Open(url, credentials);
            var current = clone.Branches();
            var restore = new List<(BranchRecord Branch, string? Now)>();
            var outcome = new RestoreOutcome(0, 0, 0, 0);
            foreach (var branch in branches)
            {
                var now = current.GetValueOrDefault(branch.Name);
                if (now == branch.Before)
                {
                    say($"{url} {branch.Name}: already at its backup {Short(branch.Before)}");
                    outcome = outcome with { AlreadyRestored = outcome.AlreadyRestored + 1 };
                }
                else if (now != branch.After && !force)
                {
                    var moved = now is null ? "it was deleted" : $"it is at {Short(now)}, apply pushed {Short(branch.After!)}";
                    problem($"{url} {branch.Name}: not restored: someone pushed since the apply ({moved}); look at that work, then restore --force to overwrite it");
                    outcome = outcome with { Refused = outcome.Refused + 1 };
                }
                else
                {
                    restore.Add((branch, now));
                }
            }

            if (restore.Count == 0)
            {
                return outcome;
            }

            clone.Fetch(restore.Select(r => $"+{r.Branch.BackupRef}:{r.Branch.BackupRef}"));
            foreach (var (branch, _) in restore.Where(r => clone.Repository.Refs[r.Branch.BackupRef]?.TargetIdentifier != r.Branch.Before))
            {
                throw new GitException($"backup ref {branch.BackupRef} no longer points at {Short(branch.Before)}; restore {branch.Name} from the bundle with git");
            }

            var refused = clone.Push(restore.Select(r => $"+{r.Branch.BackupRef}:refs/heads/{r.Branch.Name}"));
            foreach (var (branch, now) in restore)
            {
                if (refused.TryGetValue($"refs/heads/{branch.Name}", out var reason))
                {
                    problem($"{url} {branch.Name}: not restored: the remote refused the force-push: {reason}");
                    outcome = outcome with { Failed = outcome.Failed + 1 };
                    continue;
                }

                say($"{url} {branch.Name}: restored to {Short(branch.Before)} from {branch.BackupRef} (was {(now is null ? "deleted" : Short(now))})");
                outcome = outcome with { Restored = outcome.Restored + 1 };
            }

            return outcome;
        }
        catch (GitException e)
        {
            problem($"{url}: not restored: {e.Message}");
            return new RestoreOutcome(0, 0, 0, branches.Count);
        }
    }

    private static string Short(string sha) => sha[..Math.Min(8, sha.Length)];
}
