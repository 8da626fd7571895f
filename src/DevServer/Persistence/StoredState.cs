using Release.DevServer.Engine;

namespace Release.DevServer.Persistence;

/// <summary>What a database holds, as read at startup.</summary>
internal sealed record StoredState(
    IReadOnlyList<NamespaceEntry> Namespaces,
    IReadOnlyList<StoredRun> Runs,
    long NextWorkflowTaskSerial);

/// <summary>A run with its row number (creation order, which orders a workflow id's chain) and snapshot.</summary>
internal sealed record StoredRun(long Seq, ExecutionState Run, byte[] Snapshot);

/// <summary>One transaction's worth of changes, collected at the end of an engine step.</summary>
internal sealed class ChangeSet
{
    /// <summary>Per run: its new snapshot (null if unchanged) and its new events from an index (null if none).</summary>
    public List<(long Seq, ExecutionState Run, byte[]? Snapshot, int FirstEventIndex, byte[]? Events)> Runs { get; } = [];

    /// <summary>Runs whose history shrank (rewritten from the first event): their stored events go first.</summary>
    public List<long> RewrittenHistories { get; } = [];
    public List<long> DeletedRuns { get; } = [];
    public List<(string Name, byte[] State)> Namespaces { get; } = [];
    public List<string> DeletedNamespaces { get; } = [];
    public long? NextWorkflowTaskSerial { get; set; }

    public bool IsEmpty => Runs.Count == 0 && DeletedRuns.Count == 0 && Namespaces.Count == 0
        && DeletedNamespaces.Count == 0 && NextWorkflowTaskSerial is null;

    public void Clear()
    {
        Runs.Clear();
        RewrittenHistories.Clear();
        DeletedRuns.Clear();
        Namespaces.Clear();
        DeletedNamespaces.Clear();
        NextWorkflowTaskSerial = null;
    }
}
