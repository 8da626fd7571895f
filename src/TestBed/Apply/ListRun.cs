using Release.TestBed.Git;
using Release.TestBed.Records;
using Release.TestBed.Scope;

namespace Release.TestBed.Apply;

/// <summary>One scope list: every backup first, then the changes, or nothing if a backup failed.</summary>
internal sealed class ListRun(
    GitCredentials credentials, TestBedReporter reporter, ApplyOptions options, ConfigFolder config, BranchPattern pattern, TimeProvider time, Action save)
{
    public void Run(ScopeList list, ListRecord entry, CancellationToken cancellationToken)
    {
        var clones = new List<RemoteRepository>();
        try
        {
            entry.Status = ListStatus.BackingUp;
            reporter.Progress($"--- backing up the {list.Repositories.Count} repositories listed in {list.Path}");
            var backup = new RepositoryBackup(credentials, options, pattern, BundleFolder(list));
            for (var i = 0; i < list.Repositories.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var url = list.Repositories[i];
                var repository = entry.Repositories[i];
                try
                {
                    clones.Add(backup.Run(url, repository));
                }
                catch (Exception e) when (e is GitException or TestBedException)
                {
                    repository.Backup = BackupStatus.Failed;
                    repository.Error = e.Message;
                    reporter.Problem($"{list.Path}: backup of {url} failed: {e.Message}");
                }

                save();
            }

            var failed = entry.Repositories.Where(r => r.Backup == BackupStatus.Failed).ToList();
            if (failed.Count > 0)
            {
                Cancel(list, entry, failed);
                return;
            }

            entry.Status = options.DryRun ? ListStatus.Planned : ListStatus.Applying;
            reporter.Progress($"--- {(options.DryRun ? "planning (dry run)" : "processing")} the repositories listed in {list.Path}");
            var change = new BranchChange(options, config, time, reporter.Problem);
            foreach (var (clone, repository) in clones.Zip(entry.Repositories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                change.Run(clone, repository);
                save();
            }

            Finish(entry);
            save();
        }
        finally
        {
            foreach (var clone in clones)
            {
                clone.Dispose();
            }
        }

        reporter.ListDone(entry);
    }

    private void Cancel(ScopeList list, ListRecord entry, List<RepositoryRecord> failed)
    {
        foreach (var branch in entry.Repositories.SelectMany(r => r.Branches))
        {
            branch.Change = ChangeStatus.Cancelled;
            branch.Push = PushStatus.NotPushed;
        }

        entry.Status = ListStatus.Cancelled;
        entry.Reason = $"the backup of {failed.Count} of {entry.Repositories.Count} repositories failed (first: {failed[0].Url}: {failed[0].Error}); nothing was changed on this list";
        reporter.Problem($"{list.Path}: operations cancelled on the repositories listed in {list.Path}: {entry.Reason}");
        save();
        reporter.ListDone(entry);
    }

    private void Finish(ListRecord entry)
    {
        if (options.DryRun)
        {
            entry.Status = ListStatus.Planned;
            return;
        }

        var rejected = entry.Repositories.SelectMany(r => r.Branches.Select(b => (r.Url, Branch: b))).Where(b => b.Branch.Push == PushStatus.Rejected).ToList();
        entry.Status = rejected.Count == 0 ? ListStatus.Applied : ListStatus.Incomplete;
        entry.Reason = rejected.Count == 0
            ? null
            : $"{rejected.Count} push{(rejected.Count == 1 ? " was" : "es were")} rejected (first: {rejected[0].Url} {rejected[0].Branch.Name}: {rejected[0].Branch.Error})";
    }

    // One folder per list, since two lists may name repositories of the same name.
    private string BundleFolder(ScopeList list) => Path.Combine(options.BundleFolder, Path.GetFileNameWithoutExtension(list.Path));
}
