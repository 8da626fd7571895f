using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// The scheduler's reports: a stage is reported once all of its components are released (while
/// the rest of the release goes on), and when the release stops, every stage that had started.
/// </summary>
internal sealed partial class ReleaseScheduler
{
    private void ReportFinishedStages()
    {
        foreach (var stage in input.Plan.Stages.Where(s => !reported.Contains(s.Index)))
        {
            var stageSlots = byStage[stage.Index].ToList();
            if (stageSlots.All(s => s.Done))
            {
                reporting.Add(ReportAsync(stage.Index, StageOutcomes.Succeeded, SucceededReason(stageSlots)));
            }
        }
    }

    private static string SucceededReason(List<ComponentSlot> stageSlots)
    {
        var reused = stageSlots.Count(s => s.State == SlotState.Reused);
        var skipped = stageSlots.Count(s => s.State == SlotState.Skipped);
        var notes = new List<string>();
        if (reused > 0)
        {
            notes.Add($"{reused} reused from an earlier run");
        }

        if (skipped > 0)
        {
            notes.Add($"{skipped} skipped by an operator");
        }

        return $"all {stageSlots.Count} components succeeded" + (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "");
    }

    /// <summary>Cancels the watches still running (never their pipelines) and collects what they saw.</summary>
    private async Task StopWatchingAsync(CancellationTokenSource stop)
    {
        var running = slots.Where(s => s.Running is not null).ToList();
        if (running.Count == 0)
        {
            return;
        }

        stop.Cancel();
        foreach (var slot in running)
        {
            try
            {
                await slot.Running!;
            }
            catch (Exception e) when (e is FailureException or OperationCanceledException)
            {
                // Finish reads the failure from the task.
            }

            slot.Result = Finish(slot);
            PublishEnded(slot);
            slot.State = slot.Result.Outcome switch
            {
                ComponentOutcome.Succeeded => SlotState.Succeeded,
                ComponentOutcome.Failed => SlotState.Failed,
                _ => SlotState.Stopped,
            };
            release.SetComponentStatus(slot.Name, ComponentOutcomes.Of(slot.Result.Outcome));
        }
    }

    private async Task<ReleaseSummary> EndAsync()
    {
        var abort = release.Abort;
        if (failure is null && abort is null)
        {
            await Workflow.WhenAllAsync(reporting);
            release.SetStatusIfChanged(StageOutcomes.Succeeded, input.Plan.Stages.LastOrDefault()?.Index);
            release.RefreshDetails();
            return release.Summary(StageOutcomes.Succeeded, $"all {input.Plan.Stages.Count} stages succeeded{SkippedNote()}");
        }

        // Stages with nothing started are not reported: the release's reason lists their components.
        var started = input.Plan.Stages
            .Where(s => !reported.Contains(s.Index) && byStage[s.Index].Any(c => c.State != SlotState.Pending))
            .Select(s => s.Index)
            .ToList();
        string? failedStageReason = null;
        if (failure is not null)
        {
            foreach (var stage in started)
            {
                var headline = failure.Stage == stage
                    ? $"component {failure.Name} failed: {failure.Result!.Reason}"
                    : $"stopped: component {failure.Name} of stage {failure.Stage} failed";
                var report = ReportAsync(stage, StageOutcomes.Failed, headline, failure.Stage == stage ? failure.Name : null);
                reporting.Add(report);
                if (failure.Stage == stage)
                {
                    failedStageReason = (await report).Reason;
                }
            }
        }
        else
        {
            var cancelled = abort!.CancelPipelines ? await CancelPipelinesAsync(started) : "pipelines left running";
            foreach (var stage in started)
            {
                var report = ReportAsync(stage, StageOutcomes.Aborted, $"aborted: {abort.Reason} ({cancelled})");
                reporting.Add(report);
                failedStageReason ??= (await report).Reason;
            }
        }

        await Workflow.WhenAllAsync(reporting);
        var outcome = failure is not null ? StageOutcomes.Failed : StageOutcomes.Aborted;
        var reason = failedStageReason ?? $"aborted before any component started: {abort!.Reason}";
        throw release.End(outcome, StageReason.WithLaterStages(reason, NotStarted()));
    }

    private string SkippedNote()
    {
        var skipped = slots.Where(s => s.State == SlotState.Skipped).Select(s => s.Name).ToList();
        return skipped.Count == 0 ? "" : $"; skipped by an operator: {string.Join(", ", skipped)}";
    }

    /// <summary>Components never started, in stages that were not reported.</summary>
    private List<string> NotStarted() => slots
        .Where(s => s.State == SlotState.Pending && byStage[s.Stage].All(o => o.State == SlotState.Pending))
        .Select(s => s.Name)
        .ToList();

    /// <returns>What became of the pipelines, for the stages' reason.</returns>
    private async Task<string> CancelPipelinesAsync(IReadOnlyCollection<int> stages)
    {
        var ids = slots
            .Where(s => stages.Contains(s.Stage) && s.State != SlotState.Reused && s.Result?.Pipeline is not null)
            .Select(s => s.Result!.Pipeline!.Id)
            .ToList();
        try
        {
            await Workflow.ExecuteActivityAsync<int>(ActivityNames.CancelPipelines, [ids], CircleCiCalls.Long(Watch));
            return "running CircleCI workflows cancelled";
        }
        catch (ActivityFailureException e)
        {
            return $"cancelling the running CircleCI workflows failed: {FailureCause.Of(e)}";
        }
    }

    private async Task<StageReport> ReportAsync(int stageIndex, string outcome, string reason, string? failedComponent = null)
    {
        reported.Add(stageIndex);
        var request = SnapshotRequest(stageIndex, outcome, reason, byStage[stageIndex].Select(ReportedComponent).ToList(), failedComponent);
        var snapshot = SnapshotAsync(request);

        // Snapshots overlap (the release goes on meanwhile), but reports are logged in the order
        // they were asked for: stage order under the stage schedule.
        var logged = LogAfterAsync(logChain, snapshot);
        logChain = logged;
        return await logged;
    }

    private StageSnapshotRequest SnapshotRequest(int stageIndex, string outcome, string reason, IReadOnlyList<StageComponent> components, string? failedComponent)
    {
        var stage = input.Plan.Stages.First(s => s.Index == stageIndex);
        return new StageSnapshotRequest(
            new ReleaseRef(input.Plan.ReleaseName, input.Plan.ReleaseVersion, Workflow.Info.WorkflowId),
            new StageRef(stage.Index, stage.ManifestStage),
            outcome,
            reason,
            release.StageStartedAt(stageIndex) ?? Workflow.UtcNow,
            components,
            failedComponent,
            settings.Verdict);
    }

    /// <summary>
    /// Reads why a component failed (its failed jobs' steps and output tails) for the operator who
    /// must decide, while the release waits. A few attempts only: without it the decision still
    /// stands, and the stage report reads the same once the stage is reported.
    /// </summary>
    private async Task ShowFailureAsync(ComponentSlot slot, int attempt)
    {
        var options = CircleCiCalls.Long(Watch);
        options.RetryPolicy = new Temporalio.Common.RetryPolicy { MaximumAttempts = 3, InitialInterval = TimeSpan.FromSeconds(2) };
        var request = SnapshotRequest(slot.Stage, StageOutcomes.Failed, $"component {slot.Name} failed", [ReportedComponent(slot)], slot.Name);
        try
        {
            var report = await Workflow.ExecuteActivityAsync<ComponentReport>(ActivityNames.SnapshotFailure, [request], options);
            if (slot.State == SlotState.AwaitingDecision && slot.Attempts == attempt)
            {
                slot.FailedJobs = (report.Pipeline?.Workflows ?? []).SelectMany(w => w.Jobs).Where(j => j.FailedStep is not null).ToList();
            }
        }
        catch (ActivityFailureException)
        {
            // CircleCI did not answer in time: the decision waits without the output.
        }
    }

    private async Task<StageReport> LogAfterAsync(Task earlier, Task<StageReport> snapshot)
    {
        var report = await snapshot;
        await earlier;
        foreach (var component in report.Outcomes())
        {
            // A component retried or skipped after its stage was reported keeps its newer status.
            if (Ending || byName[component.Name].State is not (SlotState.Pending or SlotState.Running or SlotState.AwaitingDecision))
            {
                release.SetComponentStatus(component.Name, component.Outcome);
            }
        }

        await Workflow.ExecuteActivityAsync(
            ActivityNames.LogStageReport, [report], new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(20) });
        release.AddReport(report);
        return report;
    }

    private Task<StageReport> SnapshotAsync(StageSnapshotRequest request)
    {
        // Patched only where commands change: a stage that fits one part snapshots as it always did.
        var partSize = Math.Max(1, settings.ReportPartSize ?? StageDigest.DefaultPartSize);
        return request.Components.Count > partSize && Workflow.Patched(Patches.ReportParts)
            ? SnapshotInPartsAsync(request, partSize)
            : Workflow.ExecuteActivityAsync<StageReport>(ActivityNames.SnapshotStage, [request], CircleCiCalls.Long(Watch));
    }

    /// <summary>
    /// A large stage is snapshotted in slices, one activity each, so neither a request nor a result
    /// grows past a real cluster's 2 MB payload limit; each slice returns a digest and the merged
    /// digest points at where the report log assembles the whole report.
    /// </summary>
    private async Task<StageReport> SnapshotInPartsAsync(StageSnapshotRequest request, int partSize)
    {
        var count = (request.Components.Count + partSize - 1) / partSize;
        var parts = Enumerable.Range(0, count)
            .Select(i => Workflow.ExecuteActivityAsync<StageReport>(
                ActivityNames.SnapshotStage,
                [request with { Components = request.Components.Skip(i * partSize).Take(partSize).ToList(), Part = new ReportPart(i, count) }],
                CircleCiCalls.Long(Watch)))
            .ToList();
        var reports = await Workflow.WhenAllAsync(parts);
        return StageDigest.Merge(request, reports, ReportKeys.Stage(Workflow.Info.WorkflowId, Workflow.Info.RunId, request.Stage.Index));
    }

    private StageComponent ReportedComponent(ComponentSlot slot)
    {
        // A component retried but stopped before the retry started is reported as its last attempt ended.
        var result = slot.Result ?? new ComponentResult(
            slot.Name,
            ComponentOutcome.NotStarted,
            Schedule == ReleaseSchedule.Graph
                ? "not started: the release stopped before its dependencies were released"
                : "not started: the release stopped before this component started",
            null);
        return new StageComponent(slot.Planned, slot.Branch, result with { Pipeline = result.Pipeline ?? release.PipelineOf(slot.Name) }, slot.Reused, slot.Decision);
    }
}
