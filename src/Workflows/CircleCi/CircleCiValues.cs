namespace Release.Workflows.CircleCi;

/// <summary>
/// Reads and writes the API's status strings. Anything unrecognised parses as <c>Unknown</c>, which
/// the rules treat as not finished: the caller keeps waiting (and should log the raw value).
/// </summary>
public static class CircleCiValues
{
    private static readonly ApiValues<CircleCiWorkflowStatus> Workflow = new(
        (CircleCiWorkflowStatus.Running, "running"),
        (CircleCiWorkflowStatus.Failing, "failing"),
        (CircleCiWorkflowStatus.OnHold, "on_hold"),
        (CircleCiWorkflowStatus.Success, "success"),
        (CircleCiWorkflowStatus.Failed, "failed"),
        (CircleCiWorkflowStatus.Canceled, "canceled"),
        (CircleCiWorkflowStatus.Error, "error"),
        (CircleCiWorkflowStatus.Unauthorized, "unauthorized"),
        (CircleCiWorkflowStatus.NotRun, "not_run"));

    private static readonly ApiValues<CircleCiJobStatus> Job = new(
        (CircleCiJobStatus.Success, "success"),
        (CircleCiJobStatus.Running, "running"),
        (CircleCiJobStatus.NotRun, "not_run"),
        (CircleCiJobStatus.Failed, "failed"),
        (CircleCiJobStatus.Retried, "retried"),
        (CircleCiJobStatus.Queued, "queued"),
        (CircleCiJobStatus.NotRunning, "not_running"),
        (CircleCiJobStatus.InfrastructureFail, "infrastructure_fail"),
        (CircleCiJobStatus.Timedout, "timedout"),
        (CircleCiJobStatus.OnHold, "on_hold"),
        (CircleCiJobStatus.TerminatedUnknown, "terminated-unknown"),
        (CircleCiJobStatus.Blocked, "blocked"),
        (CircleCiJobStatus.Canceled, "canceled"),
        (CircleCiJobStatus.Unauthorized, "unauthorized"));

    private static readonly ApiValues<PipelineState> Pipeline = new(
        (PipelineState.Created, "created"),
        (PipelineState.Errored, "errored"),
        (PipelineState.SetupPending, "setup-pending"),
        (PipelineState.Setup, "setup"),
        (PipelineState.Pending, "pending"));

    public static CircleCiWorkflowStatus ParseWorkflowStatus(string? text) => Workflow.Parse(text);

    public static CircleCiJobStatus ParseJobStatus(string? text) => Job.Parse(text);

    public static PipelineState ParsePipelineState(string? text) => Pipeline.Parse(text);

    /// <summary>The API's spelling, e.g. <c>on_hold</c>; <c>unknown</c> for Unknown.</summary>
    public static string ToApiValue(this CircleCiWorkflowStatus status) => Workflow.ToApi(status);

    public static string ToApiValue(this CircleCiJobStatus status) => Job.ToApi(status);

    public static string ToApiValue(this PipelineState state) => Pipeline.ToApi(state);
}
