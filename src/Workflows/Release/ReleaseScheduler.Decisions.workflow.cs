using Release.Workflows.Release.Control;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// Decisions and approvals: what the validators refuse (with the reason the operator reads), and
/// what an accepted request changes. Handlers only change state; the run loop acts on it.
/// </summary>
internal sealed partial class ReleaseScheduler
{
    private const int NamesInRefusal = 10;

    public string? RefusalOf(DecisionRequest request)
    {
        if (!byName.TryGetValue(request.Component, out var slot))
        {
            var names = slots.Select(s => s.Name).ToList();
            if (global::Release.Shared.NearestName.Find(request.Component, names) is { } near)
            {
                return $"no component {request.Component} in this release; did you mean {near}?";
            }

            return $"no component {request.Component} in this release; its components are {string.Join(", ", names.Take(NamesInRefusal))}{(names.Count > NamesInRefusal ? $" and {names.Count - NamesInRefusal} more" : "")}";
        }

        if (slot.State != SlotState.AwaitingDecision)
        {
            if (OnFailure != FailurePolicy.Ask)
            {
                return "this release was started with --on-failure stop: a failure ends it, nothing waits for a decision";
            }

            return slot.Decision is { } earlier && slot.State != SlotState.Running
                ? $"component {slot.Name} was already decided: {earlier.Kind} by {earlier.By} at {earlier.At:u} ({earlier.Reason})"
                : $"component {slot.Name} is not waiting for a decision: it is {Describe(slot.State)}";
        }

        if (request.Action == DecisionAction.Retry && request.RerunFailed && slot.Result?.DecidingWorkflow is null)
        {
            return $"component {slot.Name} has no failed CircleCI workflow to re-run ({slot.Result?.Reason}); retry it without --rerun-failed for a new pipeline";
        }

        return null;
    }

    public string Decide(DecisionRequest request)
    {
        var slot = byName[request.Component];
        var kind = request.Action switch
        {
            DecisionAction.Retry when request.RerunFailed => OperatorActionKinds.RerunFailed,
            DecisionAction.Retry => OperatorActionKinds.Retry,
            DecisionAction.Skip => OperatorActionKinds.Skip,
            _ => OperatorActionKinds.Abort,
        };
        release.Record(kind, request.By, request.Reason, slot.Name, slot.Stage);
        slot.Decision = release.Actions[^1];
        slot.DecisionSince = null;
        slot.DecisionDeadline = null;
        switch (request.Action)
        {
            case DecisionAction.Retry:
                slot.State = SlotState.Pending;
                if (request.RerunFailed)
                {
                    slot.RerunNext = new RerunInPipeline(slot.Name, slot.Result!.Pipeline!, slot.Result.DecidingWorkflow!.Id);
                }

                release.SetComponentStatus(slot.Name, "queued");
                return request.RerunFailed
                    ? $"component {slot.Name}: its failed CircleCI workflow re-runs from its failed jobs, in pipeline #{slot.Result!.Pipeline!.Number}"
                    : $"component {slot.Name}: a new pipeline is triggered";
            case DecisionAction.Skip:
                slot.State = SlotState.Skipped;
                slot.Result = slot.Result! with
                {
                    Outcome = ComponentOutcome.Skipped,
                    Reason = $"skipped by {request.By}: {request.Reason} (it had failed: {slot.Result.Reason})",
                };
                release.SetComponentStatus(slot.Name, Reports.ComponentOutcomes.Skipped);
                return $"component {slot.Name} is skipped; its dependents may start";
            default:
                // An abort, not a failure: the release ends aborted, this component reported failed.
                slot.State = SlotState.Failed;
                release.RequestAbort(new AbortRequest($"{request.Reason} (decided by {request.By} on the failure of {slot.Name})"));
                return "the release aborts: it stops watching and reports";
        }
    }

    public string? RefusalOf(ApprovalRequest request)
    {
        if (gatesWaiting.Count == 0)
        {
            var gates = settings.ApproveBeforeStages ?? [];
            return gates.Count == 0
                ? "this release has no approval gates"
                : $"the release is not waiting for an approval (gates before stages {string.Join(", ", gates)}; approved: {(gatesApproved.Count == 0 ? "none" : string.Join(", ", gatesApproved.Order()))})";
        }

        return request.Stage is { } stage && !gatesWaiting.ContainsKey(stage)
            ? $"the release waits for an approval before stage {string.Join(", ", gatesWaiting.Keys.Order())}, not stage {stage}"
            : null;
    }

    public string Approve(ApprovalRequest request)
    {
        var stage = request.Stage ?? gatesWaiting.Keys.Min();
        var waited = Workflow.UtcNow - gatesWaiting[stage];
        gatesWaiting.Remove(stage);
        gatesApproved.Add(stage);
        release.Record(OperatorActionKinds.Approve, request.By, request.Reason, stage: stage);
        return $"stage {stage} approved after {Durations.Describe(waited)}: its components may start";
    }

    /// <summary>
    /// Decisions that carry their failed steps in the progress query: each is at most a few tens of
    /// KB (five steps of 50 cut lines), and the query must stay far below a cluster's message limit
    /// when a whole stage fails at once. The others link their pipeline.
    /// </summary>
    private const int MaxDecisionsWithOutput = 5;

    /// <summary>What the release waits for from an operator, for the progress query.</summary>
    public IReadOnlyList<WaitingFor> Waiting() =>
    [
        .. slots.Where(s => s.State == SlotState.AwaitingDecision).Select((s, i) => new WaitingFor(
            WaitingFor.Decision,
            $"component {s.Name} failed: {s.Result?.Reason}",
            s.DecisionSince ?? Workflow.UtcNow,
            s.Name,
            s.Stage,
            s.DecisionDeadline,
            i < MaxDecisionsWithOutput ? s.FailedJobs : null)),
        .. gatesWaiting.OrderBy(g => g.Key).Select(g => new WaitingFor(
            WaitingFor.Approval, $"approval before stage {g.Key}", g.Value, Stage: g.Key)),
    ];

    private static string Describe(SlotState state) => state switch
    {
        SlotState.Pending => "waiting to start",
        SlotState.Running => "running",
        SlotState.Succeeded => "released",
        SlotState.Reused => "reused from an earlier run",
        SlotState.Skipped => "skipped",
        _ => "stopped",
    };
}
