using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Reports;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// One stage of a <see cref="ReleaseWorkflow"/>: start a child per component, wait for all of them
/// or for the first failure or abort, stop the others, then snapshot and log the stage report.
/// </summary>
internal sealed class StageRun(ReleaseWorkflow release, ReleaseInput input, PlannedStage stage)
{
    private readonly ReleaseSettings settings = input.Settings;
    private readonly Dictionary<string, ComponentResult> results = [];
    private readonly DateTimeOffset startedAt = Workflow.UtcNow;

    public async Task<StageReport> RunAsync()
    {
        if (settings.DryRun)
        {
            foreach (var c in stage.Components)
            {
                results[c.Name] = new ComponentResult(c.Name, ComponentOutcome.NotStarted, "dry run: not triggered", null);
            }

            return await ReportAsync(StageOutcomes.DryRun, "dry run: no pipeline was triggered");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var running = await StartChildrenAsync(stop.Token);
        var failure = await WaitAsync(running);
        if (running.Count > 0)
        {
            // Cancelling a child ends its watch only: it never cancels the pipeline.
            stop.Cancel();
            foreach (var (task, component) in running)
            {
                Record(component, await FinishAsync(task, component));
            }
        }

        var abort = release.Abort;
        if (failure is not null)
        {
            return await ReportAsync(StageOutcomes.Failed, $"component {failure.Name} failed: {failure.Reason}", failure.Name);
        }

        if (abort is not null)
        {
            var cancelled = abort.CancelPipelines ? await CancelPipelinesAsync() : "pipelines left running";
            return await ReportAsync(StageOutcomes.Aborted, $"aborted: {abort.Reason} ({cancelled})");
        }

        return await ReportAsync(StageOutcomes.Succeeded, $"all {stage.Components.Count} components succeeded");
    }

    /// <returns>What became of the pipelines, for the stage's reason.</returns>
    private async Task<string> CancelPipelinesAsync()
    {
        var ids = results.Values.Where(r => r.Pipeline is not null).Select(r => r.Pipeline!.Id).ToList();
        try
        {
            await Workflow.ExecuteActivityAsync<int>(ActivityNames.CancelPipelines, [ids], CircleCiCalls.Long(Watch));
            return "running CircleCI workflows cancelled";
        }
        catch (ActivityFailureException e)
        {
            // CircleCI refused to cancel (a token without the right, say): the stage is still
            // reported, with the refusal, instead of the release failing without a report.
            if (!Workflow.Patched(Patches.ReportRefusedCancel))
            {
                throw;
            }

            return $"cancelling the running CircleCI workflows failed: {FailureCause.Of(e)}";
        }
    }

    private async Task<Dictionary<Task<ComponentResult>, PlannedComponent>> StartChildrenAsync(CancellationToken stop)
    {
        var releaseId = Workflow.Info.WorkflowId;
        var starts = stage.Components.Select(async c =>
        {
            var childInput = new ComponentInput(
                releaseId,
                stage.Index,
                c,
                BranchOf(c),
                settings.Watch ?? WatchSettings.Default,
                settings.OnHold ?? OnHoldSettings.Default,
                settings.Verdict ?? new VerdictPolicy(),
                IndexPipeline: Workflow.TypedSearchAttributes.ContainsKey(ReleaseSearchAttributes.Status));
            var handle = await Workflow.StartChildWorkflowAsync(
                (ComponentWorkflow wf) => wf.RunAsync(childInput),
                new ChildWorkflowOptions { Id = $"{releaseId}/{c.Name}", CancellationToken = stop });
            return (Task: handle.GetResultAsync(), Component: c);
        }).ToList();
        var started = await Workflow.WhenAllAsync(starts);
        return started.ToDictionary(s => s.Task, s => s.Component);
    }

    private async Task<ComponentResult?> WaitAsync(Dictionary<Task<ComponentResult>, PlannedComponent> running)
    {
        var aborted = Workflow.WaitConditionAsync(() => release.Abort is not null);
        while (running.Count > 0 && release.Abort is null)
        {
            var done = await Workflow.WhenAnyAsync(running.Keys.Cast<Task>().Append(aborted));
            if (done is Task<ComponentResult> task && running.Remove(task, out var component))
            {
                var result = await FinishAsync(task, component);
                Record(component, result);
                if (result.Outcome == ComponentOutcome.Failed)
                {
                    return result;
                }
            }
        }

        return null;
    }

    private async Task<ComponentResult> FinishAsync(Task<ComponentResult> task, PlannedComponent component)
    {
        try
        {
            return await task;
        }
        catch (ChildWorkflowFailureException e) when (TemporalException.IsCanceledException(e))
        {
            return new ComponentResult(component.Name, ComponentOutcome.Stopped, "watch stopped", release.PipelineOf(component.Name));
        }
        catch (ChildWorkflowFailureException e)
        {
            // A child started since components fail as Failed carries its result; reading it
            // changes no command, so this stage loop's histories replay as before.
            return ComponentFailure.ResultIn(e)
                ?? new ComponentResult(component.Name, ComponentOutcome.Failed, FailureCause.Of(e), release.PipelineOf(component.Name));
        }
    }

    private void Record(PlannedComponent component, ComponentResult result)
    {
        results[component.Name] = result;
        release.SetComponentStatus(component.Name, ComponentOutcomes.Of(result.Outcome));
    }

    private async Task<StageReport> ReportAsync(string outcome, string reason, string? failedComponent = null)
    {
        var components = stage.Components
            .Select(c => new StageComponent(c, BranchOf(c), results[c.Name] with { Pipeline = results[c.Name].Pipeline ?? release.PipelineOf(c.Name) }))
            .ToList();
        var request = new StageSnapshotRequest(
            new ReleaseRef(input.Plan.ReleaseName, input.Plan.ReleaseVersion, Workflow.Info.WorkflowId),
            new StageRef(stage.Index, stage.ManifestStage),
            outcome,
            reason,
            startedAt,
            components,
            failedComponent,
            settings.Verdict);
        var report = await Workflow.ExecuteActivityAsync<StageReport>(ActivityNames.SnapshotStage, [request], CircleCiCalls.Long(Watch));

        // The report's outcomes are what CircleCI said at snapshot time: progress says the same.
        foreach (var component in report.Outcomes())
        {
            release.SetComponentStatus(component.Name, component.Outcome);
        }

        // A local write: a worker that dies during it costs this long at most.
        await Workflow.ExecuteActivityAsync(
            ActivityNames.LogStageReport, [report], new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(20) });
        return report;
    }

    private WatchSettings Watch => settings.Watch ?? WatchSettings.Default;

    private string BranchOf(PlannedComponent component) =>
        component.Branch ?? settings.Branch
        ?? throw new ApplicationFailureException(
            $"No branch for component {component.Name}: give one in the manifest or when starting the release.",
            errorType: "InvalidInput",
            nonRetryable: true);
}
