namespace Release.TestBed.Records;

/// <summary>
/// What one <c>release testbed apply</c> did, written as it goes (after every repository), so
/// that the record of a run that stopped half way still says what was pushed. <c>restore</c>
/// reads it back.
/// </summary>
public sealed class TestBedRecord
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Names this run's backup refs, <c>refs/testbed-backup/&lt;stamp&gt;/&lt;branch&gt;</c>.</summary>
    public required string Stamp { get; set; }

    public DateTimeOffset Started { get; set; }

    public DateTimeOffset? Finished { get; set; }

    public bool DryRun { get; set; }

    public required string Branches { get; set; }

    public required string Config { get; set; }

    public List<ListRecord> Lists { get; set; } = [];
}

public sealed class ListRecord
{
    public required string File { get; set; }

    public ListStatus Status { get; set; }

    /// <summary>Why the list was cancelled or left incomplete.</summary>
    public string? Reason { get; set; }

    public List<RepositoryRecord> Repositories { get; set; } = [];
}

public sealed class RepositoryRecord
{
    public required string Url { get; set; }

    public BackupStatus Backup { get; set; }

    /// <summary>The local git bundle of the backed-up branches.</summary>
    public string? Bundle { get; set; }

    /// <summary>What went wrong with this repository (its backup, or reading it).</summary>
    public string? Error { get; set; }

    public List<BranchRecord> Branches { get; set; } = [];
}

public sealed class BranchRecord
{
    public required string Name { get; set; }

    /// <summary>The branch's commit when it was backed up: what <c>restore</c> puts back.</summary>
    public required string Before { get; set; }

    public required string BackupRef { get; set; }

    /// <summary>The commit pushed (or that would be, in a dry run); null while unchanged.</summary>
    public string? After { get; set; }

    public ChangeStatus Change { get; set; }

    public PushStatus Push { get; set; }

    public string? Error { get; set; }
}

public enum ListStatus
{
    Pending,
    BackingUp,
    Applying,
    Applied,
    Incomplete,
    Cancelled,
    Planned,
}

public enum BackupStatus
{
    Pending,
    Done,
    Failed,
    NotInDryRun,
}

public enum ChangeStatus
{
    Pending,
    Committed,
    Unchanged,
    WouldCommit,
    Cancelled,
}

public enum PushStatus
{
    Pending,
    Pushed,
    Rejected,
    NotNeeded,
    NotPushed,
}
