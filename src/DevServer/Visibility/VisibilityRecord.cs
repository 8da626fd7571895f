namespace Release.DevServer.Visibility;

/// <summary>
/// What a filter sees of one workflow run: a snapshot taken under the engine's lock, so that
/// filtering, sorting and paging run outside it and can be unit-tested without an engine.
/// Custom and predefined search attribute values are already typed (see <see cref="SearchAttributeValues"/>).
/// </summary>
internal sealed record VisibilityRecord
{
    public required string WorkflowId { get; init; }
    public required string RunId { get; init; }
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }

    /// <summary>The status as the filter language spells it: Running, Completed, Failed, ...</summary>
    public required string ExecutionStatus { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset ExecutionTime { get; init; }
    public DateTimeOffset? CloseTime { get; init; }
    public long HistoryLength { get; init; }
    public long HistorySizeBytes { get; init; }
    public long StateTransitionCount { get; init; }
    public string? ParentWorkflowId { get; init; }
    public string? ParentRunId { get; init; }
    public string? RootWorkflowId { get; init; }
    public string? RootRunId { get; init; }
    public IReadOnlyDictionary<string, object> Attributes { get; init; } = new Dictionary<string, object>();

    /// <summary>The value a search attribute has on this run, or null when it has none.</summary>
    public object? Get(string name) => name switch
    {
        "WorkflowId" => WorkflowId,
        "RunId" => RunId,
        "WorkflowType" => WorkflowType,
        "TaskQueue" => TaskQueue,
        SearchAttributeCatalog.ExecutionStatus => ExecutionStatus,
        "StartTime" => StartTime,
        "ExecutionTime" => ExecutionTime,
        "CloseTime" => CloseTime,
        "HistoryLength" => HistoryLength,
        "HistorySizeBytes" => HistorySizeBytes,
        "StateTransitionCount" => StateTransitionCount,
        // Nanoseconds, as the real server indexes it; only closed runs have one.
        SearchAttributeCatalog.ExecutionDuration => CloseTime is { } close ? Math.Max(0, (close - ExecutionTime).Ticks) * 100 : null,
        "ParentWorkflowId" => ParentWorkflowId,
        "ParentRunId" => ParentRunId,
        "RootWorkflowId" => RootWorkflowId,
        "RootRunId" => RootRunId,
        _ => Attributes.GetValueOrDefault(name),
    };
}
