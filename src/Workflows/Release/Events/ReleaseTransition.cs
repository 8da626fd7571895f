using Release.Workflows.Release.Control;

namespace Release.Workflows.Release.Events;

/// <summary>Something that happened to a release, the one input both event vocabularies are mapped from.</summary>
public enum TransitionKind
{
    ReleaseQueued,
    ReleaseStarted,
    ReleaseFinished,
    PipelineStarted,
    PipelineFinished,
    ComponentReleased,
    Decision,
    Approval,
    Abort,
    Resume,
}

/// <summary>Which release a transition belongs to.</summary>
/// <param name="Url">Where a person sees the release (the Temporal UI page); seed 004's <c>buildUrl</c>.</param>
public sealed record ReleaseIdentity(
    string WorkflowId,
    string RunId,
    string Product,
    string Version,
    string Branch,
    string Url);

/// <summary>One component version of a release's set: seed 004's baseline is made of these.</summary>
public sealed record ComponentVersion(string Name, string Version, string Branch);

/// <summary>
/// One transition of a release, with what its kind needs. Build one with the factory methods, which
/// say which fields each kind carries; the mappers rely on those fields being set.
/// </summary>
/// <param name="Attempt">
/// Which attempt of the same transition this is (a component retried by a decision starts its pipeline
/// again: attempt 2). Part of the event id, so a republished event keeps its id but a new attempt does not.
/// </param>
/// <param name="Outcome">
/// For finished transitions: the release's outcome (<c>StageOutcomes</c> spellings) or the
/// component's (<c>ComponentOutcomes</c> spellings).
/// </param>
/// <param name="PipelineUrl">The component's CircleCI pipeline page.</param>
/// <param name="Action">The operator's action for decisions, approvals, aborts and resumes.</param>
/// <param name="Components">The release's set of component versions, on <see cref="TransitionKind.ReleaseStarted"/>.</param>
public sealed record ReleaseTransition(
    TransitionKind Kind,
    ReleaseIdentity Release,
    DateTimeOffset At,
    int Attempt = 1,
    ComponentVersion? Component = null,
    string? PipelineUrl = null,
    string? Outcome = null,
    string? Reason = null,
    OperatorAction? Action = null,
    IReadOnlyList<ComponentVersion>? Components = null)
{
    public static ReleaseTransition Queued(ReleaseIdentity release, DateTimeOffset at) =>
        new(TransitionKind.ReleaseQueued, release, at);

    public static ReleaseTransition Started(ReleaseIdentity release, DateTimeOffset at, IReadOnlyList<ComponentVersion> components) =>
        new(TransitionKind.ReleaseStarted, release, at, Components: components);

    public static ReleaseTransition Finished(ReleaseIdentity release, DateTimeOffset at, string outcome, string reason) =>
        new(TransitionKind.ReleaseFinished, release, at, Outcome: outcome, Reason: reason);

    public static ReleaseTransition PipelineStarted(
        ReleaseIdentity release, DateTimeOffset at, ComponentVersion component, string pipelineUrl, int attempt = 1) =>
        new(TransitionKind.PipelineStarted, release, at, attempt, component, pipelineUrl);

    public static ReleaseTransition PipelineFinished(
        ReleaseIdentity release, DateTimeOffset at, ComponentVersion component, string pipelineUrl,
        string outcome, string reason, int attempt = 1) =>
        new(TransitionKind.PipelineFinished, release, at, attempt, component, pipelineUrl, outcome, reason);

    public static ReleaseTransition ComponentReleased(
        ReleaseIdentity release, DateTimeOffset at, ComponentVersion component, string pipelineUrl, int attempt = 1) =>
        new(TransitionKind.ComponentReleased, release, at, attempt, component, pipelineUrl, Outcome: "succeeded");

    /// <summary>A retry, re-run, skip or abort decision about a failed component, or one that timed out.</summary>
    public static ReleaseTransition Decided(ReleaseIdentity release, OperatorAction action, int attempt = 1) =>
        new(TransitionKind.Decision, release, action.At, attempt, Action: action, Reason: action.Reason);

    public static ReleaseTransition Approved(ReleaseIdentity release, OperatorAction action) =>
        new(TransitionKind.Approval, release, action.At, Action: action, Reason: action.Reason);

    public static ReleaseTransition Aborted(ReleaseIdentity release, OperatorAction action) =>
        new(TransitionKind.Abort, release, action.At, Action: action, Reason: action.Reason);

    /// <summary>This run resumes an earlier one (<see cref="ResumeFrom"/>).</summary>
    public static ReleaseTransition Resumed(ReleaseIdentity release, DateTimeOffset at, ResumeFrom resume) =>
        new(TransitionKind.Resume, release, at,
            Action: new OperatorAction(OperatorActionKinds.Resume, resume.By, resume.Reason, at),
            Reason: resume.Reason);

    /// <summary>The component a decision was about, else the component of the transition.</summary>
    public string? ComponentName => Component?.Name ?? Action?.Component;
}
