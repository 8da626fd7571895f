using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Visibility;

/// <summary>
/// The search attributes every namespace has, as in the real server: system ones are fields of the
/// execution itself (not settable by workflows); predefined ones are set through SearchAttributes by
/// SDKs and server features (patching, schedules, batch jobs). Custom ones are registered per
/// namespace through the OperatorService.
/// </summary>
internal static class SearchAttributeCatalog
{
    public const string ExecutionStatus = "ExecutionStatus";
    public const string ExecutionDuration = "ExecutionDuration";

    public static readonly IReadOnlyDictionary<string, IndexedValueType> System = new Dictionary<string, IndexedValueType>
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
        [ExecutionStatus] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["HistoryLength"] = IndexedValueType.Int,
        [ExecutionDuration] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,
    };

    public static readonly IReadOnlyDictionary<string, IndexedValueType> Predefined = new Dictionary<string, IndexedValueType>
    {
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BatcherNamespace"] = IndexedValueType.Keyword,
        ["BatcherUser"] = IndexedValueType.Keyword,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
        ["TemporalNamespaceDivision"] = IndexedValueType.Keyword,
        ["TemporalPauseInfo"] = IndexedValueType.KeywordList,
        ["TemporalReportedProblems"] = IndexedValueType.KeywordList,
        ["TemporalWorkerDeploymentVersion"] = IndexedValueType.Keyword,
        ["TemporalWorkflowVersioningBehavior"] = IndexedValueType.Keyword,
        ["TemporalWorkerDeployment"] = IndexedValueType.Keyword,
    };

    private static readonly HashSet<string> ReservedFields = ["NamespaceId", "MemoEncoding", "Memo", "VisibilityTaskKey"];

    /// <summary>Names a custom search attribute may not take.</summary>
    public static bool IsReserved(string name) =>
        System.ContainsKey(name) || Predefined.ContainsKey(name) || ReservedFields.Contains(name)
        || name.StartsWith("Temporal", StringComparison.Ordinal);

    /// <summary>The type of a name usable in a filter, or null when the namespace does not know it.</summary>
    public static IndexedValueType? Resolve(string name, IReadOnlyDictionary<string, IndexedValueType> custom)
    {
        if (System.TryGetValue(name, out var type) || Predefined.TryGetValue(name, out type) || custom.TryGetValue(name, out type))
        {
            return type;
        }
        return null;
    }

    /// <summary>The name SDKs put in a payload's "type" metadata (Temporalio's SearchAttributeCollection reads it).</summary>
    public static string MetadataName(IndexedValueType type) => type switch
    {
        IndexedValueType.Text => "Text",
        IndexedValueType.Keyword => "Keyword",
        IndexedValueType.Int => "Int",
        IndexedValueType.Double => "Double",
        IndexedValueType.Bool => "Bool",
        IndexedValueType.Datetime => "Datetime",
        IndexedValueType.KeywordList => "KeywordList",
        _ => "Unspecified",
    };
}
