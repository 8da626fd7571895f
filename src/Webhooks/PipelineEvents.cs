namespace Release.Webhooks;

/// <summary>The webhook event types that say a pipeline changed (CircleCI sends no others but ping).</summary>
internal static class PipelineEvents
{
    public const string WorkflowCompleted = "workflow-completed";

    public const string JobCompleted = "job-completed";

    public static bool IsKnown(string type) => type is WorkflowCompleted or JobCompleted;
}
