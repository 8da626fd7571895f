namespace Release.Events;

/// <summary>
/// The CDEvents v0.4.1 event types this orchestrator publishes. The <c>dev.cdeventsx</c> ones are custom
/// types in the form CDEvents v0.4 reserves for subjects it does not define (<c>custom/README.md</c> of
/// cdevents/spec): operator actions have no CDEvents subject in v0.4.
/// </summary>
public static class CdEventTypes
{
    public const string SpecVersion = "0.4.1";

    public const string PipelineRunQueued = "dev.cdevents.pipelinerun.queued.0.2.0";
    public const string PipelineRunStarted = "dev.cdevents.pipelinerun.started.0.2.0";
    public const string PipelineRunFinished = "dev.cdevents.pipelinerun.finished.0.2.0";
    public const string TaskRunStarted = "dev.cdevents.taskrun.started.0.2.0";
    public const string TaskRunFinished = "dev.cdevents.taskrun.finished.0.2.0";
    public const string ArtifactPackaged = "dev.cdevents.artifact.packaged.0.2.0";
    public const string ArtifactPublished = "dev.cdevents.artifact.published.0.2.0";

    public const string DecisionMade = "dev.cdeventsx.release-decision.made.0.1.0";
    public const string ApprovalGranted = "dev.cdeventsx.release-approval.granted.0.1.0";
    public const string RunAborted = "dev.cdeventsx.release-run.aborted.0.1.0";
    public const string RunResumed = "dev.cdeventsx.release-run.resumed.0.1.0";

    public const string PipelineRunSubject = "pipelineRun";
    public const string TaskRunSubject = "taskRun";
    public const string ArtifactSubject = "artifact";
    public const string DecisionSubject = "release-decision";
    public const string ApprovalSubject = "release-approval";
    public const string RunSubject = "release-run";
}
