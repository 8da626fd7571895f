namespace Release.Workflows.Release;

/// <summary>
/// Activity names shared by the workflows (which cannot reference the activity classes: those
/// depend on this assembly) and the activities that implement them.
/// </summary>
public static class ActivityNames
{
    public const string TriggerPipeline = "TriggerPipeline";
    public const string GetPipelineStatus = "GetPipelineStatus";
    public const string SnapshotStage = "SnapshotStage";
    public const string SnapshotFailure = "SnapshotFailure";
    public const string CancelPipelines = "CancelPipelines";
    public const string LogStageReport = "LogStageReport";
    public const string RerunWorkflow = "RerunWorkflow";
    public const string ExpectedDurations = "ExpectedDurations";
    public const string PublishReleaseEvents = "PublishReleaseEvents";
}
