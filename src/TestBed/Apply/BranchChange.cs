using LibGit2Sharp;
using Release.TestBed.Git;
using Release.TestBed.Records;

namespace Release.TestBed.Apply;

/// <summary>
/// Installs the config folder on each backed-up branch of one repository: one commit on top of
/// the backed-up tip, pushed as a fast-forward. A branch whose tree would not change gets no
/// commit, which makes a second apply a no-op.
/// </summary>
internal sealed class BranchChange(ApplyOptions options, ConfigFolder config, TimeProvider time, Action<string> problem)
{
    public void Run(RemoteRepository clone, RepositoryRecord record)
    {
        var repository = clone.Repository;
        foreach (var branch in record.Branches)
        {
            var tip = repository.Lookup<Commit>(branch.Before);
            var tree = Install(repository, tip.Tree, clone.Url.Name, branch.Name);
            if (tree.Id == tip.Tree.Id)
            {
                branch.Change = ChangeStatus.Unchanged;
                branch.Push = PushStatus.NotNeeded;
                continue;
            }

            var author = new Signature(options.Author.Name, options.Author.Email, time.GetUtcNow());
            var message = $"Install the release test bed's CI config on {branch.Name}\n\n{string.Join("\n", config.Files.Select(f => $"- {f.Path}"))}\n\nWritten by release testbed apply ({options.Stamp}); the branch was backed up to {branch.BackupRef}.\n";
            var commit = repository.ObjectDatabase.CreateCommit(author, author, message, tree, [tip], prettifyMessage: false);
            branch.After = commit.Sha;
            if (options.DryRun)
            {
                branch.Change = ChangeStatus.WouldCommit;
                branch.Push = PushStatus.NotPushed;
                continue;
            }

            repository.Refs.UpdateTarget($"refs/heads/{branch.Name}", commit.Id.Sha);
            branch.Change = ChangeStatus.Committed;
            Push(clone, record, branch);
        }
    }

    private void Push(RemoteRepository clone, RepositoryRecord record, BranchRecord branch)
    {
        string? error;
        try
        {
            // No '+': a branch that moved since its backup is refused rather than overwritten.
            var refused = clone.Push([$"refs/heads/{branch.Name}:refs/heads/{branch.Name}"]);
            error = refused.Count == 0 ? null : $"rejected by the remote: {refused.Values.First()}";
        }
        catch (GitException e)
        {
            error = e.Message;
        }

        branch.Push = error is null ? PushStatus.Pushed : PushStatus.Rejected;
        branch.Error = error;
        if (error is not null)
        {
            problem($"push of {record.Url} {branch.Name} failed: {error}");
        }
    }

    private Tree Install(Repository repository, Tree tree, string repositoryName, string branch)
    {
        var definition = TreeDefinition.From(tree);
        foreach (var file in config.For(repositoryName, branch))
        {
            using var content = new MemoryStream(file.Content);
            var blob = repository.ObjectDatabase.CreateBlob(content);
            definition.Add(file.Path, blob, file.Executable ? Mode.ExecutableFile : Mode.NonExecutableFile);
        }

        return repository.ObjectDatabase.CreateTree(definition);
    }
}
