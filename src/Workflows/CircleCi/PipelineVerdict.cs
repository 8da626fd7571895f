namespace Release.Workflows.CircleCi;

public enum PipelineOutcome
{
    /// <summary>Not decided yet: poll again.</summary>
    Running,
    Succeeded,
    Failed,

    /// <summary>
    /// A workflow waits for an approval. Kept apart from Running so that the release applies its
    /// own policy (wait up to a limit, or fail) instead of waiting up to CircleCI's 90 days.
    /// </summary>
    OnHold,
}

/// <summary>What a pipeline's state and workflows mean for the component it releases.</summary>
/// <param name="Reason">One line for logs and reports, e.g. <c>workflow "release" is failed</c>.</param>
/// <param name="Workflow">The workflow that decided a Failed or OnHold verdict, if one did.</param>
public sealed record PipelineVerdict(PipelineOutcome Outcome, string Reason, WorkflowObservation? Workflow = null)
{
    public static PipelineVerdict Running(string reason) => new(PipelineOutcome.Running, reason);

    public static PipelineVerdict Succeeded(string reason) => new(PipelineOutcome.Succeeded, reason);

    public static PipelineVerdict Failed(string reason, WorkflowObservation? workflow = null) =>
        new(PipelineOutcome.Failed, reason, workflow);

    public static PipelineVerdict OnHold(WorkflowObservation workflow) =>
        new(PipelineOutcome.OnHold, $"workflow \"{workflow.Name}\" is on hold, waiting for an approval", workflow);
}
