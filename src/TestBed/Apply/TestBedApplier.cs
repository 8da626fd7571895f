using Release.TestBed.Git;
using Release.TestBed.Records;
using Release.TestBed.Scope;

namespace Release.TestBed.Apply;

/// <summary>
/// Seed 000's test bed procedure: for each scope list in order, back up every repository of the
/// list, and only if all of those backups succeeded install the config folder on each of their
/// matching branches. A list whose backup failed is cancelled and the next list runs.
/// </summary>
public sealed class TestBedApplier(GitCredentials credentials, TestBedReporter reporter, TimeProvider time)
{
    /// <summary>
    /// Checks every input before touching any repository (a bad line in the last list must not
    /// leave the first one half done), then runs the lists. The record is saved after every
    /// repository, so that it holds what was done even if the run stops part way.
    /// </summary>
    public TestBedRecord Apply(ApplyOptions options, CancellationToken cancellationToken)
    {
        var lists = options.ScopeFiles.Select(ScopeList.Read).ToList();
        var config = ConfigFolder.Read(options.ConfigFolder);
        var pattern = BranchPattern.Parse(options.Branches);
        foreach (var list in lists)
        {
            if (list.Repositories.Select(credentials.RefusalFor).FirstOrDefault(r => r is not null) is { } refusal)
            {
                throw new TestBedException($"{list.Path}: {refusal}");
            }
        }

        var record = new TestBedRecord
        {
            Stamp = options.Stamp,
            Started = time.GetUtcNow(),
            DryRun = options.DryRun,
            Branches = pattern.Text,
            Config = Path.GetFullPath(config.Root),
            Lists = lists.Select(l => new ListRecord
            {
                File = l.Path,
                Repositories = l.Repositories.Select(r => new RepositoryRecord { Url = r.ToString() }).ToList(),
            }).ToList(),
        };
        void Save() => RecordFile.Save(record, options.RecordPath);
        Save();

        var run = new ListRun(credentials, reporter, options, config, pattern, time, Save);
        for (var i = 0; i < lists.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.Run(lists[i], record.Lists[i], cancellationToken);
        }

        record.Finished = time.GetUtcNow();
        Save();
        return record;
    }
}
