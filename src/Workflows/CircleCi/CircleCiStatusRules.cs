namespace Release.Workflows.CircleCi;

/// <summary>
/// What each status means for a release, from CircleCI's documentation of workflow and job
/// statuses. "Terminal" means it will not change on its own; "failure" means the component was not
/// (or will not be) built. A status can be a failure without being terminal: <c>failing</c>.
/// </summary>
public static class CircleCiStatusRules
{
    /// <remarks>
    /// <c>on_hold</c> is not terminal: an approval can still move it on (CircleCI cancels it after
    /// 90 days). <c>not_run</c> is terminal: nothing ran and nothing will. Unknown is not terminal,
    /// so a value CircleCI adds later makes the caller wait rather than conclude.
    /// </remarks>
    public static bool IsTerminal(this CircleCiWorkflowStatus status) => status is
        CircleCiWorkflowStatus.Success or CircleCiWorkflowStatus.Failed or CircleCiWorkflowStatus.Canceled
        or CircleCiWorkflowStatus.Error or CircleCiWorkflowStatus.Unauthorized or CircleCiWorkflowStatus.NotRun;

    /// <remarks>
    /// <c>failing</c> counts: a job has already failed, so the workflow will end <c>failed</c>.
    /// <c>not_run</c> does not: nothing failed, it was skipped; whether a skipped workflow fails a
    /// release is a policy (<see cref="VerdictPolicy.NotRunIsSuccess"/>), not a fact of the status.
    /// </remarks>
    public static bool IsFailure(this CircleCiWorkflowStatus status) => status is
        CircleCiWorkflowStatus.Failing or CircleCiWorkflowStatus.Failed or CircleCiWorkflowStatus.Canceled
        or CircleCiWorkflowStatus.Error or CircleCiWorkflowStatus.Unauthorized;

    /// <remarks>
    /// <c>retried</c> is terminal: that run is over and a new job replaces it. Waiting states
    /// (<c>queued</c>, <c>not_running</c>, <c>blocked</c>, <c>on_hold</c>) are not.
    /// </remarks>
    public static bool IsTerminal(this CircleCiJobStatus status) => status is
        CircleCiJobStatus.Success or CircleCiJobStatus.NotRun or CircleCiJobStatus.Failed
        or CircleCiJobStatus.Retried or CircleCiJobStatus.InfrastructureFail or CircleCiJobStatus.Timedout
        or CircleCiJobStatus.TerminatedUnknown or CircleCiJobStatus.Canceled or CircleCiJobStatus.Unauthorized;

    /// <remarks>A retried job is not a failure by itself: its replacement decides.</remarks>
    public static bool IsFailure(this CircleCiJobStatus status) => status is
        CircleCiJobStatus.Failed or CircleCiJobStatus.InfrastructureFail or CircleCiJobStatus.Timedout
        or CircleCiJobStatus.TerminatedUnknown or CircleCiJobStatus.Canceled or CircleCiJobStatus.Unauthorized;

    /// <summary>Setup is over: the pipeline either has its workflows or has errored.</summary>
    public static bool IsTerminal(this PipelineState state) =>
        state is PipelineState.Created or PipelineState.Errored;

    public static bool IsFailure(this PipelineState state) => state == PipelineState.Errored;
}
