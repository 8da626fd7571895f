using LibGit2Sharp;
using Release.TestBed.Git;
using Release.TestBed.Records;
using Release.TestBed.Scope;

namespace Release.TestBed.Apply;

/// <summary>
/// Backs up one repository's matching branches twice over: each to a ref on the remote
/// (<c>refs/testbed-backup/&lt;stamp&gt;/&lt;branch&gt;</c>, what <c>restore</c> pushes back) and all
/// of them to a local git bundle, kept should the remote lose its refs.
/// </summary>
internal sealed class RepositoryBackup(GitCredentials credentials, ApplyOptions options, BranchPattern pattern, string bundleFolder)
{
    public const string RefPrefix = "refs/testbed-backup";

    /// <summary>The scratch clone holding the fetched branches, for the changes to come.</summary>
    public RemoteRepository Run(RemoteUrl url, RepositoryRecord record)
    {
        var clone = RemoteRepository.Open(url, credentials);
        try
        {
            Backup(clone, record);
            return clone;
        }
        catch
        {
            clone.Dispose();
            throw;
        }
    }

    private void Backup(RemoteRepository clone, RepositoryRecord record)
    {
        var branches = clone.Branches();
        var matching = branches.Keys.Where(pattern.Matches).Order(StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
        {
            var some = string.Join(", ", branches.Keys.Order(StringComparer.Ordinal).Take(5)) + (branches.Count > 5 ? ", ..." : "");
            throw new TestBedException(branches.Count == 0
                ? $"it has no branch at all, so none matches '{pattern}'"
                : $"no branch matches '{pattern}' (it has {some}); give --branches a pattern that names its release branches, or leave it out of the list");
        }

        clone.Fetch(matching.Select(b => $"+refs/heads/{b}:refs/heads/{b}"));
        var tips = matching.ToDictionary(b => $"refs/heads/{b}", b => clone.Repository.Refs[$"refs/heads/{b}"].ResolveToDirectReference().Target.Id, StringComparer.Ordinal);
        record.Branches = matching.Select(b => new BranchRecord
        {
            Name = b,
            Before = tips[$"refs/heads/{b}"].Sha,
            BackupRef = $"{RefPrefix}/{options.Stamp}/{b}",
        }).ToList();
        if (options.DryRun)
        {
            record.Backup = BackupStatus.NotInDryRun;
            return;
        }

        var refused = clone.Push(record.Branches.Select(b => $"refs/heads/{b.Name}:{b.BackupRef}"));
        if (refused.Count > 0)
        {
            var (name, reason) = refused.First();
            throw new GitException($"the remote refused the backup ref {name}: {reason}");
        }

        var bundle = UniquePath(Path.Combine(bundleFolder, $"{clone.Url.Name}.bundle"));
        GitBundle.Write(clone.Repository, tips, bundle);
        record.Bundle = Path.GetFullPath(bundle);
        record.Backup = BackupStatus.Done;
    }

    private static string UniquePath(string path)
    {
        var candidate = path;
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{n}.bundle");
        }

        return candidate;
    }
}
