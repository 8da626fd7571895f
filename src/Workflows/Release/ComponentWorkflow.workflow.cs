using Release.Workflows.CircleCi;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// Releases one component: triggers its pipeline, then watches it until a verdict. Polling is a
/// workflow that sleeps on durable timers and continues as new (the third pattern of the
/// samples' Polling folder): each observation is visible in the history, the interval can back
/// off over hours, and the history stays bounded. A cancellation from the release (another
/// component failed, or an abort) ends the watch without touching the pipeline.
/// </summary>
[Workflow]
public sealed class ComponentWorkflow
{
    private bool pipelineChanged;

    // Known from the trigger on, even if the release stops watching before the watch starts.
    private PipelineRef? triggeredPipeline;

    [WorkflowRun]
    public async Task<ComponentResult> RunAsync(ComponentInput input)
    {
        var name = input.Component.Name;
        PipelineRef? pipeline = input.Resume?.Pipeline;
        try
        {
            var state = input.Resume ?? (input.RerunFailed is { } rerun ? await RerunAsync(input, rerun) : await TriggerAsync(input));
            pipeline = state.Pipeline;
            IndexPipeline(input, pipeline);
            var result = await WatchAsync(input, state);

            // Failed, so that lists and pages show it red; the release reads the same result from
            // the failure's details. Patched: histories that completed a failed component replay.
            return result.Outcome == ComponentOutcome.Failed && Workflow.Patched(Patches.ComponentFailsAsFailed)
                ? throw ComponentFailure.Of(result)
                : result;
        }
        catch (Exception e) when (TemporalException.IsCanceledException(e) && Workflow.CancellationToken.IsCancellationRequested)
        {
            return new ComponentResult(name, ComponentOutcome.Stopped, "the release stopped watching this pipeline", pipeline ?? triggeredPipeline);
        }
    }

    private async Task<WatchState> TriggerAsync(ComponentInput input)
    {
        var component = input.Component;
        // Not cancellable: a trigger in flight completes, so its pipeline is known and reported.
        var triggered = await Workflow.ExecuteActivityAsync<TriggeredPipeline>(
            ActivityNames.TriggerPipeline,
            [new TriggerRequest(component.ProjectSlug, input.Branch, component.Parameters)],
            Summarised(CircleCiCalls.Short(input.Watch, CancellationToken.None), $"trigger {component.ProjectSlug} on {input.Branch}"));
        var pipeline = new PipelineRef(triggered.Id, triggered.Number, component.ProjectSlug, input.Branch, Workflow.UtcNow);
        triggeredPipeline = pipeline;
        await Workflow.GetExternalWorkflowHandle(input.ReleaseWorkflowId)
            .SignalAsync<ReleaseWorkflow>(wf => wf.ComponentTriggeredAsync(new ComponentTriggered(component.Name, pipeline)));
        return new WatchState(pipeline, input.Watch.InitialInterval, null, 0, triggered.WebhooksExpected);
    }

    /// <summary>
    /// Re-runs the failed CircleCI workflow from its failed jobs, in its pipeline, and watches that
    /// pipeline again: CircleCI keeps the lineage, and the verdict counts only the latest run of
    /// each workflow name.
    /// </summary>
    private async Task<WatchState> RerunAsync(ComponentInput input, Control.RerunInPipeline rerun)
    {
        var started = await Workflow.ExecuteActivityAsync<RerunStarted>(
            ActivityNames.RerunWorkflow,
            [new RerunRequest(rerun.WorkflowId)],
            Summarised(CircleCiCalls.Short(input.Watch, CancellationToken.None), $"re-run the failed workflow of pipeline #{rerun.Pipeline.Number} of {rerun.Pipeline.ProjectSlug}"));
        var pipeline = rerun.Pipeline with { TriggeredAt = Workflow.UtcNow };
        triggeredPipeline = pipeline;
        await Workflow.GetExternalWorkflowHandle(input.ReleaseWorkflowId)
            .SignalAsync<ReleaseWorkflow>(wf => wf.ComponentTriggeredAsync(new ComponentTriggered(input.Component.Name, pipeline)));
        return new WatchState(pipeline, input.Watch.InitialInterval, null, 0, started.WebhooksExpected);
    }

    /// <summary>
    /// A CircleCI webhook said the pipeline changed (a workflow completed): poll now rather than at
    /// the next timer. Only a hint, since webhooks can be lost or repeated; the poll decides.
    /// </summary>
    [WorkflowSignal("pipeline_event")]
    public async Task PipelineEventAsync(PipelineEvent pipelineEvent) => pipelineChanged = true;

    // Lets the webhook receiver find this workflow from a pipeline id (a search attribute query).
    // Only where the release's own search attributes exist, i.e. the namespace has them registered.
    private static void IndexPipeline(ComponentInput input, PipelineRef pipeline)
    {
        if (input.IndexPipeline && !Workflow.TypedSearchAttributes.ContainsKey(ReleaseSearchAttributes.PipelineId))
        {
            Workflow.UpsertTypedSearchAttributes(ReleaseSearchAttributes.PipelineId.ValueSet(pipeline.Id));
        }
    }

    private async Task<ComponentResult> WatchAsync(ComponentInput input, WatchState state)
    {
        var (pipeline, interval, onHoldSince, _, _) = state;
        // A pipeline read at once after its trigger is still in setup: the first read waits one
        // interval. Patched, so that histories recorded before this change still replay.
        if (input.Resume is null && Workflow.Patched(Patches.WaitBeforeFirstPoll))
        {
            await Workflow.WaitConditionAsync(() => pipelineChanged, interval);
            interval = input.Watch.Next(interval);
        }

        for (var polls = 1; ; polls++)
        {
            // Cleared before reading, so an event arriving during the read causes one more read.
            pipelineChanged = false;
            var status = await Workflow.ExecuteActivityAsync<PipelineStatus>(
                ActivityNames.GetPipelineStatus, [pipeline.Id], Summarised(CircleCiCalls.Short(input.Watch), $"read pipeline #{pipeline.Number} of {pipeline.ProjectSlug}"));
            var graceElapsed = Workflow.UtcNow - pipeline.TriggeredAt >= input.Watch.WorkflowGrace;
            var verdict = PipelineVerdictRules.Decide(status.State, status.Workflows, graceElapsed, input.Verdict);
            onHoldSince = verdict.Outcome == PipelineOutcome.OnHold ? onHoldSince ?? Workflow.UtcNow : null;
            if (Conclude(input, verdict, onHoldSince) is { } outcome)
            {
                return new ComponentResult(input.Component.Name, outcome.Outcome, outcome.Reason, pipeline, verdict.Workflow);
            }

            if (Workflow.ContinueAsNewSuggested || polls >= input.Watch.PollsPerRun)
            {
                var next = input with { Resume = state with { Interval = interval, OnHoldSince = onHoldSince, Runs = state.Runs + 1 } };
                throw Workflow.CreateContinueAsNewException((ComponentWorkflow wf) => wf.RunAsync(next));
            }

            // Around the expected end the interval stays the normal one; the backoff starts after p95.
            var planned = PlannedWait(input, state);
            await Workflow.WaitConditionAsync(() => pipelineChanged, planned ?? NextWait(input.Watch, state, status, interval));
            interval = planned is null ? input.Watch.Next(interval) : input.Watch.InitialInterval;
        }
    }

    // Only a polling-only watch of a triggered pipeline with history: webhooks already tell the
    // end, and a re-run from failed jobs takes less than a whole pipeline. Patched, and asked only
    // where it applies, so that a watch without history records exactly what it did before.
    private static TimeSpan? PlannedWait(ComponentInput input, WatchState state) =>
        input.Expected is { } expected && !state.WebhooksExpected && input.RerunFailed is null && Workflow.Patched(Patches.PollAroundExpectedEnd)
            ? ExpectedEndPolls.Wait(expected, Workflow.UtcNow - state.Pipeline.TriggeredAt, input.Watch.InitialInterval)
            : null;

    // With webhooks, a pipeline's end wakes the workflow (pipeline_event), so once its workflows
    // exist polls only guard against a lost webhook. Until then they also catch a pipeline that
    // errored during setup, which sends no workflow webhook at all. A project whose webhooks do
    // not arrive (WebhooksArriving false) is polled normally; null, as in older histories, is not.
    private static TimeSpan NextWait(WatchSettings watch, WatchState state, PipelineStatus status, TimeSpan interval) =>
        state.WebhooksExpected && status.WebhooksArriving != false && status.Workflows.Count > 0
            ? Max(interval, watch.WebhookSafetyInterval ?? WatchSettings.DefaultWebhookSafetyInterval)
            : interval;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // What the Web UI shows for the activity in the event history.
    private static ActivityOptions Summarised(ActivityOptions options, string summary)
    {
        options.Summary = ReleaseDetails.Summary(summary);
        return options;
    }

    private static (ComponentOutcome Outcome, string Reason)? Conclude(
        ComponentInput input, PipelineVerdict verdict, DateTimeOffset? onHoldSince) => verdict.Outcome switch
        {
            PipelineOutcome.Succeeded => (ComponentOutcome.Succeeded, verdict.Reason),
            PipelineOutcome.Failed => (ComponentOutcome.Failed, verdict.Reason),
            PipelineOutcome.OnHold when input.OnHold.Action == OnHoldAction.Fail =>
                (ComponentOutcome.Failed, $"{verdict.Reason}; the on_hold policy is to fail"),
            PipelineOutcome.OnHold when Workflow.UtcNow - onHoldSince >= input.OnHold.Limit =>
                (ComponentOutcome.Failed, $"{verdict.Reason} for longer than the on_hold limit of {input.OnHold.Limit}"),
            _ => null,
        };
}
