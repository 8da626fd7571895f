using Release.Workflows.Release.Control;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// The operator's Updates. Each validator rejects a request that cannot apply now, with the reason
/// (a rejected Update leaves no event in the history); each handler records who asked and why,
/// and wakes the scheduler.
/// </summary>
public sealed partial class ReleaseWorkflow
{
    private readonly List<OperatorAction> actions = [];
    private readonly List<PausePeriod> pauses = [];
    private ReleaseScheduler? scheduler;
    private PausePeriod? paused;

    [WorkflowUpdate(ReleaseUpdates.Decide)]
    public async Task<string> DecideAsync(DecisionRequest request) => Scheduler.Decide(request);

    [WorkflowUpdateValidator(nameof(DecideAsync))]
    public void ValidateDecide(DecisionRequest request) => Reject(ControlRefusal(request.By, request.Reason) ?? Scheduler.RefusalOf(request));

    [WorkflowUpdate(ReleaseUpdates.Approve)]
    public async Task<string> ApproveAsync(ApprovalRequest request) => Scheduler.Approve(request);

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApprovalRequest request) => Reject(ControlRefusal(request.By, request.Reason) ?? Scheduler.RefusalOf(request));

    [WorkflowUpdate(ReleaseUpdates.Pause)]
    public async Task<string> PauseAsync(PauseRequest request)
    {
        paused = new PausePeriod(request.By, request.Reason, Workflow.UtcNow);
        Record(OperatorActionKinds.Pause, request.By, request.Reason);
        return $"paused: no new component starts until `release unpause`; running pipelines are still watched";
    }

    [WorkflowUpdateValidator(nameof(PauseAsync))]
    public void ValidatePause(PauseRequest request) => Reject(
        ControlRefusal(request.By, request.Reason)
        ?? (paused is { } p ? $"the release is already paused, by {p.By} since {p.From:u} ({p.Reason})" : null));

    [WorkflowUpdate(ReleaseUpdates.Unpause)]
    public async Task<string> UnpauseAsync(PauseRequest request)
    {
        var period = paused! with { Until = Workflow.UtcNow, UnpausedBy = request.By };
        pauses.Add(period);
        paused = null;
        Record(OperatorActionKinds.Unpause, request.By, request.Reason);
        return $"unpaused after {Durations.Describe(period.Until!.Value - period.From)}: waiting components may start";
    }

    [WorkflowUpdateValidator(nameof(UnpauseAsync))]
    public void ValidateUnpause(PauseRequest request) => Reject(
        ControlRefusal(request.By, request.Reason) ?? (paused is null ? "the release is not paused" : null));

    /// <summary>Set by every handler (and every child that ends) that may let the scheduler act; the scheduler clears it.</summary>
    internal bool Wake { get; set; }

    internal bool Paused => paused is not null;

    internal IReadOnlyList<OperatorAction> Actions => actions;

    internal void Record(string kind, string by, string reason, string? component = null, int? stage = null)
    {
        actions.Add(new OperatorAction(kind, by, reason, Workflow.UtcNow, component, stage));
        PublishAction(actions[^1], component is null ? 1 : scheduler?.AttemptsOf(component) ?? 1);
        Wake = true;
    }

    internal void RequestAbort(AbortRequest request)
    {
        abort ??= request;
        Wake = true;
    }

    private IReadOnlyList<PausePeriod> AllPauses() => paused is null ? pauses : [.. pauses, paused];

    private ReleaseScheduler Scheduler => scheduler!;

    // Shared by every Update: what makes any operator request impossible now.
    private string? ControlRefusal(string by, string reason)
    {
        if (scheduler is null)
        {
            return "this release cannot take operator requests: it was started before release control existed, or is a dry run, or is still starting (try again in a moment)";
        }

        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(reason))
        {
            return "say who asks and why: the request needs a non-empty by and reason";
        }

        return scheduler.Ending ? "the release is ending: it takes no more requests" : null;
    }

    private void Reject(string? refusal)
    {
        if (refusal is not null)
        {
            throw new ApplicationFailureException(refusal, errorType: "RequestRejected", nonRetryable: true);
        }
    }
}
