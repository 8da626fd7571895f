using Release.Workflows.Release.Control;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// The operator's Updates: each validator rejects a request that cannot apply now (so it leaves no
/// event in the history), and each handler records who asked and why.
/// </summary>
public sealed partial class ReleaseWorkflow
{
    [WorkflowUpdate(ReleaseUpdates.Decide)]
    public async Task<string> DecideAsync(DecisionRequest request) => throw NotYet();

    [WorkflowUpdateValidator(nameof(DecideAsync))]
    public void ValidateDecide(DecisionRequest request) => throw NotYet();

    [WorkflowUpdate(ReleaseUpdates.Approve)]
    public async Task<string> ApproveAsync(ApprovalRequest request) => throw NotYet();

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApprovalRequest request) => throw NotYet();

    [WorkflowUpdate(ReleaseUpdates.Pause)]
    public async Task<string> PauseAsync(PauseRequest request) => throw NotYet();

    [WorkflowUpdateValidator(nameof(PauseAsync))]
    public void ValidatePause(PauseRequest request) => throw NotYet();

    [WorkflowUpdate(ReleaseUpdates.Unpause)]
    public async Task<string> UnpauseAsync(PauseRequest request) => throw NotYet();

    [WorkflowUpdateValidator(nameof(UnpauseAsync))]
    public void ValidateUnpause(PauseRequest request) => throw NotYet();

    private static ApplicationFailureException NotYet() =>
        new("release control is being built", errorType: "NotImplemented", nonRetryable: true);
}
