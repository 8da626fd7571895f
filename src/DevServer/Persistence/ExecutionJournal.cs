using Release.DevServer.Engine;

namespace Release.DevServer.Persistence;

/// <summary>
/// Between the engine and the store: learns which runs a step touched (through the engine's tracked
/// tables and its scheduled callbacks), and at the end of the step writes those whose snapshot or
/// history changed, in one transaction. A run that was only read encodes to the bytes last written
/// and costs no write.
/// </summary>
internal sealed class ExecutionJournal :
    ITableObserver<ExecutionKey, ExecutionState>, ITableObserver<(string Namespace, string WorkflowId), List<ExecutionState>>, IDisposable
{
    /// <summary>
    /// Workflow task serials are reserved in blocks (hi/lo): the stored value is above every serial a
    /// worker has seen, so a restart never reuses one, and the counter is written once per block
    /// rather than at every step.
    /// </summary>
    private const long SerialBlock = 1_000_000;

    private readonly SqliteExecutionStore _store;
    private readonly bool _verifyEachStep;
    private readonly Dictionary<ExecutionState, RunRecord> _records = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, byte[]> _namespaces = new(StringComparer.Ordinal);
    private readonly List<ExecutionState> _touched = [];
    private readonly HashSet<ExecutionState> _touchedSet = new(ReferenceEqualityComparer.Instance);
    private readonly ChangeSet _changes = new();
    private readonly SnapshotWriter _writer = new();
    private readonly List<(ExecutionState Run, RunRecord Record)> _written = [];
    private long _nextSeq = 1;
    private long _serialHighWater;

    public ExecutionJournal(SqliteExecutionStore store, bool verifyEachStep = false)
    {
        _store = store;
        _verifyEachStep = verifyEachStep;
    }

    /// <summary>For tests, with verification on: runs that changed in a step without being written by it.</summary>
    public List<string> Incidents { get; } = [];

    /// <summary>The runs touched so far in this step; a callback scheduled now re-touches them when it runs.</summary>
    public IReadOnlyList<ExecutionState> Touched => _touched;

    public StoredState Load()
    {
        var state = _store.Load();
        foreach (var stored in state.Runs)
        {
            _records[stored.Run] = new RunRecord(stored.Seq, stored.Run.History.Count, stored.Snapshot);
            _nextSeq = Math.Max(_nextSeq, stored.Seq + 1);
        }
        foreach (var ns in state.Namespaces)
        {
            NamespaceCodec.Write(_writer, ns);
            _namespaces[ns.Name] = _writer.Written.ToArray();
        }
        _serialHighWater = state.NextWorkflowTaskSerial;
        return state;
    }

    public void Touch(ExecutionState run)
    {
        if (_touchedSet.Add(run))
        {
            _touched.Add(run);
        }
    }

    void ITableObserver<ExecutionKey, ExecutionState>.Found(ExecutionState value) => Touch(value);

    void ITableObserver<ExecutionKey, ExecutionState>.Added(ExecutionKey key, ExecutionState value)
    {
        if (!_records.ContainsKey(value))
        {
            _records[value] = new RunRecord(_nextSeq++, 0, null);
        }
        Touch(value);
    }

    void ITableObserver<ExecutionKey, ExecutionState>.Removed(ExecutionKey key, ExecutionState value)
    {
        if (_records.Remove(value, out var record))
        {
            _changes.DeletedRuns.Add(record.Seq);
        }
        if (_touchedSet.Remove(value))
        {
            _touched.Remove(value);
        }
    }

    void ITableObserver<(string Namespace, string WorkflowId), List<ExecutionState>>.Found(List<ExecutionState> chain)
    {
        if (chain.Count > 0)
        {
            Touch(chain[^1]);
        }
    }

    void ITableObserver<(string Namespace, string WorkflowId), List<ExecutionState>>.Added(
        (string Namespace, string WorkflowId) key, List<ExecutionState> value)
    {
    }

    void ITableObserver<(string Namespace, string WorkflowId), List<ExecutionState>>.Removed(
        (string Namespace, string WorkflowId) key, List<ExecutionState> value)
    {
    }

    /// <summary>Writes what the step changed. On failure the step's runs stay touched, to be written with the next step.</summary>
    public void Commit(IReadOnlyDictionary<string, NamespaceEntry> namespaces, long nextWorkflowTaskSerial)
    {
        _written.Clear();
        foreach (var run in _touched)
        {
            if (!_records.TryGetValue(run, out var record))
            {
                continue;
            }
            ExecutionCodec.Write(_writer, run);
            var snapshot = record.Snapshot is { } last && _writer.Written.SequenceEqual(last) ? null : _writer.Written.ToArray();
            var rewrite = run.History.Count < record.PersistedEvents;
            var from = rewrite ? 0 : record.PersistedEvents;
            var events = run.History.Count > from ? ExecutionCodec.WriteEvents(run.History, from) : null;
            if (snapshot is null && events is null && !rewrite)
            {
                continue;
            }
            _changes.Runs.Add((record.Seq, run, snapshot, from, events));
            if (rewrite)
            {
                _changes.RewrittenHistories.Add(record.Seq);
            }
            _written.Add((run, record with
            {
                PersistedEvents = run.History.Count,
                Snapshot = snapshot ?? record.Snapshot,
            }));
        }
        CollectNamespaces(namespaces);
        if (nextWorkflowTaskSerial >= _serialHighWater)
        {
            _changes.NextWorkflowTaskSerial = nextWorkflowTaskSerial + SerialBlock;
        }
        if (_changes.IsEmpty)
        {
            ClearTouched();
            VerifyAllWritten();
            return;
        }
        try
        {
            _store.Write(_changes);
        }
        catch
        {
            // Run and namespace changes are found again at the next commit; deletions are kept for it.
            var deleted = _changes.DeletedRuns.ToList();
            _changes.Clear();
            _changes.DeletedRuns.AddRange(deleted);
            _namespaces.Clear();
            throw;
        }
        foreach (var (run, record) in _written)
        {
            _records[run] = record;
        }
        _serialHighWater = _changes.NextWorkflowTaskSerial ?? _serialHighWater;
        _changes.Clear();
        ClearTouched();
        VerifyAllWritten();
    }

    private void ClearTouched()
    {
        _touched.Clear();
        _touchedSet.Clear();
    }

    /// <summary>
    /// Test mode: after each step, every run must encode to what was last written. A run changed by
    /// a step that did not touch it would be lost by a crash before its next write.
    /// </summary>
    private void VerifyAllWritten()
    {
        if (!_verifyEachStep)
        {
            return;
        }
        foreach (var (run, record) in _records)
        {
            ExecutionCodec.Write(_writer, run);
            if (record.Snapshot is null || !_writer.Written.SequenceEqual(record.Snapshot) || run.History.Count != record.PersistedEvents)
            {
                Incidents.Add($"{run.WorkflowId}/{run.RunId} ({run.WorkflowType}) changed without being written; history {run.History.Count} events, written {record.PersistedEvents}");
            }
        }
    }

    /// <summary>
    /// Namespaces are few and changed in place (search attribute registry), so each is encoded at
    /// every commit and written when its bytes differ from the last written.
    /// </summary>
    private void CollectNamespaces(IReadOnlyDictionary<string, NamespaceEntry> namespaces)
    {
        foreach (var (name, entry) in namespaces)
        {
            NamespaceCodec.Write(_writer, entry);
            if (_namespaces.TryGetValue(name, out var known) && _writer.Written.SequenceEqual(known))
            {
                continue;
            }
            var state = _writer.Written.ToArray();
            _changes.Namespaces.Add((name, state));
            _namespaces[name] = state;
        }
        if (_namespaces.Count != namespaces.Count)
        {
            foreach (var name in _namespaces.Keys.Where(n => !namespaces.ContainsKey(n)).ToList())
            {
                _changes.DeletedNamespaces.Add(name);
                _namespaces.Remove(name);
            }
        }
    }

    /// <summary>For tests: how the database differs from the given runs (empty when every change was written).</summary>
    public List<string> FindDrift(IReadOnlyCollection<ExecutionState> runs)
    {
        var stored = _store.Load().Runs.ToDictionary(r => r.Run.Key, r => r.Run);
        var problems = new List<string>();
        foreach (var run in runs)
        {
            if (!stored.TryGetValue(run.Key, out var copy))
            {
                problems.Add($"{run.WorkflowId}/{run.RunId}: not stored");
                continue;
            }
            ExecutionCodec.Write(_writer, run);
            var inMemory = _writer.Written.ToArray();
            ExecutionCodec.Write(_writer, copy);
            if (!_writer.Written.SequenceEqual(inMemory))
            {
                problems.Add($"{run.WorkflowId}/{run.RunId}: stored state differs from memory");
            }
            if (!run.History.SequenceEqual(copy.History))
            {
                problems.Add($"{run.WorkflowId}/{run.RunId}: stored history has {copy.History.Count} events, memory {run.History.Count}");
            }
        }
        if (stored.Count != runs.Count)
        {
            problems.Add($"{stored.Count} runs stored, {runs.Count} in memory");
        }
        return problems;
    }

    public void Dispose() => _store.Dispose();

    private sealed record RunRecord(long Seq, int PersistedEvents, byte[]? Snapshot);
}
