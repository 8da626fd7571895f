using Release.Workflows.Release.Control;
using Release.Workflows.Release.Events;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

// The release's transitions as events (src/Events/README.md): recorded here, published in the
// background by EventDelivery, so neither a slow broker nor a dead one holds the release up.
public sealed partial class ReleaseWorkflow
{
    /// <summary>How long the end of a release waits for its last events; then they are handed to a <see cref="ReleaseEventsWorkflow"/>.</summary>
    public static readonly TimeSpan FinalEventsWait = TimeSpan.FromSeconds(10);

    private EventDelivery? events;
    private ReleaseIdentity? identity;
    private bool finishPublished;

    /// <summary>Whether this release publishes events: started since they exist, and not turned off for it.</summary>
    internal bool PublishesEvents => events is not null;

    /// <summary>
    /// Called once, first thing on the scheduler's path (so the patch marker sits at the same place
    /// in every history): a release started before events existed publishes none.
    /// </summary>
    internal void StartEvents(ReleaseInput input, IReadOnlyList<ComponentVersion> components)
    {
        if (input.Settings.PublishEvents == false || !Workflow.Patched(Patches.ReleaseEvents))
        {
            return;
        }

        events = new EventDelivery();
        var branch = input.Settings.Branch ?? components.Select(c => c.Branch).FirstOrDefault() ?? "";
        // The page is left empty: the worker knows where its Web UI is, the workflow does not.
        identity = new ReleaseIdentity(Workflow.Info.WorkflowId, Workflow.Info.RunId, plan.ReleaseName, plan.ReleaseVersion, branch, Url: "");
        var queued = new DateTimeOffset(DateTime.SpecifyKind(Workflow.Info.WorkflowStartTime, DateTimeKind.Utc));
        Publish(ReleaseTransition.Queued(identity, queued));
        Publish(ReleaseTransition.Started(identity, Workflow.UtcNow, components));
        if (input.Settings.Resume is { } resume)
        {
            Publish(ReleaseTransition.Resumed(identity, Workflow.UtcNow, resume));
        }
    }

    internal void PublishPipelineStarted(ComponentVersion component, PipelineRef pipeline, int attempt) =>
        Publish(identity is null ? null : ReleaseTransition.PipelineStarted(identity, Workflow.UtcNow, component, pipeline.WebUrl, attempt));

    internal void PublishComponentEnded(ComponentVersion component, ComponentResult result, int attempt)
    {
        if (identity is null || result.Pipeline is not { } pipeline)
        {
            // No pipeline, no task run: the release's own events say why it stopped.
            return;
        }

        var outcome = Reports.ComponentOutcomes.Of(result.Outcome);
        Publish(ReleaseTransition.PipelineFinished(identity, Workflow.UtcNow, component, pipeline.WebUrl, outcome, result.Reason, attempt));
        if (result.Outcome == ComponentOutcome.Succeeded)
        {
            Publish(ReleaseTransition.ComponentReleased(identity, Workflow.UtcNow, component, pipeline.WebUrl, attempt));
        }
    }

    /// <summary>An operator's action as an event; pauses have none, and a resume was published at the start.</summary>
    internal void PublishAction(OperatorAction action, int attempt)
    {
        if (identity is null)
        {
            return;
        }

        Publish(action.Kind switch
        {
            OperatorActionKinds.Approve => ReleaseTransition.Approved(identity, action),
            OperatorActionKinds.Retry or OperatorActionKinds.RerunFailed or OperatorActionKinds.Skip
                or OperatorActionKinds.Abort or OperatorActionKinds.DecisionTimedOut => ReleaseTransition.Decided(identity, action, attempt),
            _ => null,
        });
    }

    internal void PublishAbort(AbortRequest request) => Publish(identity is null ? null : ReleaseTransition.Aborted(
        identity, new OperatorAction(OperatorActionKinds.Abort, request.By ?? "unknown", request.Reason, Workflow.UtcNow)));

    internal void PublishFinished(string outcome, string reason)
    {
        if (identity is not null && !finishPublished)
        {
            finishPublished = true;
            Publish(ReleaseTransition.Finished(identity, Workflow.UtcNow, outcome, reason));
        }
    }

    /// <summary>
    /// The release's last step: its events published, or, if the broker does not take them in
    /// time, handed to abandoned <see cref="ReleaseEventsWorkflow"/> children that outlive it.
    /// </summary>
    private async Task DeliverRemainingEventsAsync()
    {
        if (events is null || await events.DrainedAsync(FinalEventsWait))
        {
            return;
        }

        var rest = events.Undelivered();
        for (var (part, done) = (0, 0); done < rest.Count; part++)
        {
            var transitions = EventDelivery.Batch(rest.Skip(done), ReleaseEventsWorkflow.MaxTransitions, ReleaseEventsWorkflow.MaxBytes);
            done += transitions.Count;
            await Workflow.StartChildWorkflowAsync(
                (ReleaseEventsWorkflow wf) => wf.RunAsync(new ReleaseEventBatch(transitions)),
                new ChildWorkflowOptions
                {
                    Id = $"{Workflow.Info.WorkflowId}/events/{Workflow.Info.RunId}/{part + 1}",
                    ParentClosePolicy = ParentClosePolicy.Abandon,
                    CancellationToken = CancellationToken.None,
                    StaticSummary = $"deliver {transitions.Count} release events the broker did not take before the release ended",
                });
        }
    }

    /// <summary>
    /// How a release that throws ended, for its finished event, when <see cref="End"/> did not
    /// already say (it does for every failure and abort of the release's own): a cancellation in
    /// Temporal, or a failure before anything ran (a component without a branch, say).
    /// </summary>
    private static (string Outcome, string Reason) EndOf(Exception e) => TemporalException.IsCanceledException(e)
        ? (StageOutcomes.Aborted, "the release workflow was cancelled in Temporal")
        : (StageOutcomes.Failed, e.Message);

    private void Publish(ReleaseTransition? transition)
    {
        if (transition is not null)
        {
            events?.Add(transition);
        }
    }
}
