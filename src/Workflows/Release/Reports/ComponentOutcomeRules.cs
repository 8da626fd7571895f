using Release.Workflows.CircleCi;

namespace Release.Workflows.Release.Reports;

/// <summary>
/// Decides a component's outcome in its stage report, the one place that does: what its workflow
/// concluded where it concluded, otherwise what CircleCI says at snapshot time. A pipeline that
/// finished after the release stopped watching it is reported as it finished, so that
/// <c>stopped</c> means only "still running" and the list of components to re-run is true.
/// </summary>
public static class ComponentOutcomeRules
{
    /// <param name="result">What the component's workflow (or the stage) concluded.</param>
    /// <param name="pipeline">The pipeline as read at snapshot time; null if none was triggered.</param>
    public static (string Outcome, string Reason) Decide(ComponentResult result, PipelineReport? pipeline, VerdictPolicy? policy = null)
    {
        switch (result.Outcome)
        {
            case ComponentOutcome.Succeeded:
                return (ComponentOutcomes.Succeeded, result.Reason);
            case ComponentOutcome.Failed:
                // A failure decided by a workflow's status is best explained by its failed jobs; one
                // decided by an error (a refused call, a policy) by that error's own message.
                var byStatus = result.DecidingWorkflow is { } w && w.Status.IsFailure();
                return (ComponentOutcomes.Failed, byStatus ? FailedJobs.Describe(pipeline) ?? result.Reason : result.Reason);
            case ComponentOutcome.NotStarted:
                return (ComponentOutcomes.NotStarted, result.Reason);
            case ComponentOutcome.Skipped:
                return (ComponentOutcomes.Skipped, result.Reason);
        }

        if (pipeline is null)
        {
            return (ComponentOutcomes.NotStarted, "not triggered: the release stopped before this component's pipeline was triggered");
        }

        if (pipeline.State == PipelineReport.Unreadable)
        {
            return (ComponentOutcomes.Stopped, $"the release stopped watching it, and its pipeline could not be read at snapshot time: {string.Join("; ", pipeline.Errors)}");
        }

        var workflows = pipeline.Workflows
            .Select(w => new WorkflowObservation(w.Id, w.Name, CircleCiValues.ParseWorkflowStatus(w.Status), w.CreatedAt))
            .ToList();
        // Without the watch's clock, a created pipeline with no workflows yet counts as running.
        var verdict = PipelineVerdictRules.Decide(CircleCiValues.ParsePipelineState(pipeline.State), workflows, workflowGraceElapsed: false, policy);
        return verdict.Outcome switch
        {
            PipelineOutcome.Succeeded => (ComponentOutcomes.Succeeded, $"{verdict.Reason} (finished after the release stopped watching it)"),
            PipelineOutcome.Failed => (ComponentOutcomes.Failed, FailedJobs.Describe(pipeline) ?? verdict.Reason),
            _ => (ComponentOutcomes.Stopped, $"still running when the release stopped watching it: {verdict.Reason}"),
        };
    }
}
