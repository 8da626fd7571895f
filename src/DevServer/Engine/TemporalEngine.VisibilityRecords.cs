using Release.DevServer.Visibility;

namespace Release.DevServer.Engine;

/// <summary>The visibility records that list filters run over, built from runs and cached per run.</summary>
internal sealed partial class TemporalEngine
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExecutionState, CachedRecord> _records = [];
    private long _registryVersion;

    private sealed record CachedRecord(VisibilityRecord Record, int HistoryLength, long RegistryVersion);

    /// <summary>
    /// What the filter language sees of a run, cached until the run changes: every change to what a
    /// record holds (status, search attributes, history) appends an event, and registry changes bump
    /// a version, so (history length, registry version) tells whether a cached record is current.
    /// </summary>
    private VisibilityRecord Record(ExecutionState run, NamespaceEntry ns)
    {
        if (_records.TryGetValue(run, out var cached) && cached.HistoryLength == run.History.Count
            && cached.RegistryVersion == _registryVersion)
        {
            return cached.Record;
        }
        var record = BuildRecord(run, ns);
        _records.AddOrUpdate(run, new CachedRecord(record, run.History.Count, _registryVersion));
        return record;
    }

    private VisibilityRecord BuildRecord(ExecutionState run, NamespaceEntry ns)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, payload) in run.SearchAttributes?.IndexedFields ?? [])
        {
            if (SearchAttributeCatalog.Resolve(name, ns.SearchAttributes) is { } type)
            {
                try
                {
                    if (SearchAttributeValues.Decode(payload, type) is { } value)
                    {
                        attributes[name] = value;
                    }
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
                {
                    // A value written before its attribute was re-registered with another type: not indexed.
                }
            }
        }
        var root = RootOf(run);
        return new VisibilityRecord
        {
            WorkflowId = run.WorkflowId,
            RunId = run.RunId,
            WorkflowType = run.WorkflowType,
            TaskQueue = run.TaskQueue,
            ExecutionStatus = run.Status.ToString(),
            StartTime = run.StartTime,
            ExecutionTime = run.ExecutionTime,
            CloseTime = run.CloseTime,
            HistoryLength = run.History.Count,
            HistorySizeBytes = run.HistorySizeBytes,
            StateTransitionCount = run.History.Count,
            ParentWorkflowId = run.Parent?.WorkflowId,
            ParentRunId = run.Parent?.RunId,
            RootWorkflowId = root.WorkflowId,
            RootRunId = root.RunId,
            Attributes = attributes,
        };
    }

    private ExecutionKey RootOf(ExecutionState run)
    {
        if (RecordedRoot(run) is { } recorded)
        {
            return recorded;
        }
        var key = run.Key;
        var parent = run.Parent;
        for (var depth = 0; parent is not null && depth < 100; depth++)
        {
            key = new ExecutionKey(parent.Namespace, parent.WorkflowId, parent.RunId);
            parent = _runs.GetValueOrDefault(key)?.Parent;
        }
        return key;
    }
}
