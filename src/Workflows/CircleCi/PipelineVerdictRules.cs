namespace Release.Workflows.CircleCi;

/// <summary>
/// Decides what a pipeline means for its component from one observation of its state and
/// workflows. Pure: time enters only as the caller's answer to "has the grace period passed?".
/// </summary>
public static class PipelineVerdictRules
{
    /// <param name="workflows">Every workflow of the pipeline (all pages), in the API's order.</param>
    /// <param name="workflowGraceElapsed">
    /// Whether the caller has waited long enough after setup for workflows to appear. A pipeline
    /// whose workflows were all filtered out stays <c>created</c> with none, which looks exactly like
    /// one whose workflows are about to be listed; only time tells them apart.
    /// </param>
    public static PipelineVerdict Decide(
        PipelineState state,
        IReadOnlyList<WorkflowObservation> workflows,
        bool workflowGraceElapsed,
        VerdictPolicy? policy = null)
    {
        policy ??= new VerdictPolicy();
        if (state == PipelineState.Errored)
        {
            return PipelineVerdict.Failed("the pipeline errored during setup: its configuration is invalid or could not be compiled");
        }

        if (workflows.Count == 0)
        {
            return DecideWithoutWorkflows(state, workflowGraceElapsed, policy);
        }

        workflows = LatestRuns(workflows);

        // The first failure decides, even while other workflows still run: `failing` already
        // means a job failed, and the release stops at the first failure rather than waiting for
        // a pipeline whose outcome is known.
        var failed = workflows.FirstOrDefault(w =>
            w.Status.IsFailure() || (w.Status == CircleCiWorkflowStatus.NotRun && !policy.NotRunIsSuccess));
        if (failed is not null)
        {
            return PipelineVerdict.Failed($"workflow \"{failed.Name}\" {Explain(failed.Status)}", failed);
        }

        // Reported as soon as one workflow waits, even if others still run: if the policy is to
        // fail on hold, there is no point in waiting for the rest.
        var held = workflows.FirstOrDefault(w => w.Status == CircleCiWorkflowStatus.OnHold);
        if (held is not null)
        {
            return PipelineVerdict.OnHold(held);
        }

        var open = workflows.Where(w => !w.Status.IsTerminal()).ToList();
        if (open.Count > 0)
        {
            var names = string.Join(", ", open.Select(w => $"\"{w.Name}\" ({w.Status.ToApiValue()})"));
            return PipelineVerdict.Running($"waiting for {names}");
        }

        return PipelineVerdict.Succeeded(workflows.Count == 1
            ? $"workflow \"{workflows[0].Name}\" succeeded"
            : $"all {workflows.Count} workflows succeeded");
    }

    /// <summary>
    /// A re-run workflow stays in its pipeline beside its re-run, under the same name: only the
    /// latest of each name decides. Without creation times (older histories) every workflow counts.
    /// </summary>
    public static IReadOnlyList<WorkflowObservation> LatestRuns(IReadOnlyList<WorkflowObservation> workflows)
    {
        if (workflows.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count() == workflows.Count)
        {
            return workflows;
        }

        var latest = workflows
            .GroupBy(w => w.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(w => w.CreatedAt ?? DateTimeOffset.MinValue)!)
            .ToHashSet();
        return workflows.Where(latest.Contains).ToList();
    }

    private static PipelineVerdict DecideWithoutWorkflows(PipelineState state, bool graceElapsed, VerdictPolicy policy)
    {
        if (state != PipelineState.Created)
        {
            return PipelineVerdict.Running($"pipeline setup is {state.ToApiValue()}; waiting for its workflows");
        }

        if (!graceElapsed)
        {
            return PipelineVerdict.Running("pipeline created; waiting for its workflows to be listed");
        }

        return policy.NoWorkflowsIsSuccess
            ? PipelineVerdict.Succeeded("the pipeline has no workflows, which the policy accepts")
            : PipelineVerdict.Failed("the pipeline created no workflows: its configuration filtered them all out; check the branch and pipeline parameters");
    }

    private static string Explain(CircleCiWorkflowStatus status) => status switch
    {
        CircleCiWorkflowStatus.Failing => "is failing: a job has failed while others still run",
        CircleCiWorkflowStatus.Failed => "failed: a job failed",
        CircleCiWorkflowStatus.Canceled => "was canceled",
        CircleCiWorkflowStatus.Error => "errored: CircleCI could not start a job, or the configuration is invalid",
        CircleCiWorkflowStatus.Unauthorized => "is unauthorized: the actor may not use a restricted context",
        CircleCiWorkflowStatus.NotRun => "did not run (not_run), so the component was not built",
        _ => $"is {status.ToApiValue()}",
    };
}
