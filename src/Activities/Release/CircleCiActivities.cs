using Microsoft.Extensions.Logging;
using Release.Activities.CircleCi;
using Release.Workflows.CircleCi;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Activities;

namespace Release.Activities.Release;

/// <summary>
/// Every CircleCI call the release workflows make. The client, and so the token, comes from the
/// worker's configuration: nothing secret passes through workflow inputs or histories.
/// </summary>
/// <param name="reports">Where large stage reports are kept; without one every report travels whole through history.</param>
public sealed class CircleCiActivities(CircleCiClient client, ILogger<CircleCiActivities> logger, WebhookMode? webhooks = null, ReportStore? reports = null)
{
    private readonly bool webhooksEnabled = webhooks?.Enabled ?? false;

    // Absorbs clock skew between this worker, the Temporal server and CircleCI.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Triggers the pipeline. A retried attempt first looks for the pipeline an earlier attempt
    /// created (its answer may have been lost): the oldest API-triggered pipeline on the branch
    /// since the activity was first scheduled. CircleCI does not echo parameters, so that is the
    /// best available match; the release runs one pipeline per project at a time.
    /// </summary>
    [Activity(ActivityNames.TriggerPipeline)]
    public Task<TriggeredPipeline> TriggerPipelineAsync(TriggerRequest request) => CircleCiFailures.MapAsync(async () =>
    {
        var context = ActivityExecutionContext.Current;
        var token = context.CancellationToken;
        if (context.Info.Attempt > 1)
        {
            var since = context.Info.ScheduledTime - ClockSkew;
            var recent = await client.FindRecentPipelinesAsync(request.ProjectSlug, request.Branch, since, token);
            var earlier = recent
                .Where(p => string.Equals(p.Trigger?.Type, "api", StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.CreatedAt)
                .FirstOrDefault();
            if (earlier is not null)
            {
                logger.LogInformation(
                    "Found pipeline {PipelineNumber} of {ProjectSlug} created by an earlier trigger attempt", earlier.Number, request.ProjectSlug);
                return new TriggeredPipeline(earlier.Id, earlier.Number, earlier.CreatedAt ?? context.Info.ScheduledTime, true, webhooksEnabled);
            }
        }

        var parameters = request.Parameters.ToDictionary(p => p.Key, p => (object?)p.Value);
        var created = await client.TriggerPipelineAsync(request.ProjectSlug, request.Branch, parameters, token);
        logger.LogInformation("Triggered pipeline {PipelineNumber} of {ProjectSlug} on {Branch}", created.Number, request.ProjectSlug, request.Branch);
        return new TriggeredPipeline(created.Id, created.Number, created.CreatedAt ?? DateTimeOffset.UtcNow, false, webhooksEnabled);
    });

    [Activity(ActivityNames.GetPipelineStatus)]
    public Task<PipelineStatus> GetPipelineStatusAsync(string pipelineId) => CircleCiFailures.MapAsync(async () =>
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var workflows = await client.GetWorkflowsAsync(pipelineId, token);

        // A pipeline only has workflows once its setup created them, so the pipeline itself needs
        // reading only until then: one call per poll for the rest of the watch, not two.
        var state = workflows.Count > 0
            ? PipelineState.Created
            : CircleCiValues.ParsePipelineState((await client.GetPipelineAsync(pipelineId, token)).State);
        return new PipelineStatus(
            state,
            workflows.Select(w => new WorkflowObservation(w.Id, w.Name, CircleCiValues.ParseWorkflowStatus(w.Status), w.CreatedAt)).ToList(),
            workflows.Count > 0 ? webhooks?.Arriving(workflows[0].ProjectSlug) : null);
    });

    /// <summary>
    /// Re-runs a failed CircleCI workflow in its pipeline. Not idempotent in CircleCI, so a retried
    /// attempt first looks in the pipeline for a workflow of the same name created after the failed
    /// one: an earlier attempt's re-run whose answer was lost.
    /// </summary>
    [Activity(ActivityNames.RerunWorkflow)]
    public Task<RerunStarted> RerunWorkflowAsync(RerunRequest request) => CircleCiFailures.MapAsync(async () =>
    {
        var context = ActivityExecutionContext.Current;
        var token = context.CancellationToken;
        if (context.Info.Attempt > 1)
        {
            var failed = await client.GetWorkflowAsync(request.WorkflowId, token);
            var earlier = (await client.GetWorkflowsAsync(failed.PipelineId, token))
                .Where(w => w.Id != failed.Id && w.Name == failed.Name && w.CreatedAt > failed.CreatedAt)
                .OrderBy(w => w.CreatedAt)
                .FirstOrDefault();
            if (earlier is not null)
            {
                logger.LogInformation("Found the re-run {WorkflowId} created by an earlier attempt", earlier.Id);
                return new RerunStarted(earlier.Id, webhooksEnabled);
            }
        }

        var rerun = await client.RerunWorkflowAsync(request.WorkflowId, request.FromFailed, token);
        logger.LogInformation("Re-ran CircleCI workflow {FailedWorkflowId} as {WorkflowId}", request.WorkflowId, rerun);
        return new RerunStarted(rerun, webhooksEnabled);
    });

    /// <summary>Cancels the unfinished CircleCI workflows of these pipelines; returns how many.</summary>
    [Activity(ActivityNames.CancelPipelines)]
    public Task<int> CancelPipelinesAsync(IReadOnlyList<string> pipelineIds) => CircleCiFailures.MapAsync(() => Heartbeats.WhileRunningAsync(async () =>
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var cancelled = 0;
        foreach (var pipelineId in pipelineIds)
        {
            foreach (var workflow in await client.GetWorkflowsAsync(pipelineId, token))
            {
                // Cancelling is idempotent in CircleCI, so a retried attempt may repeat it safely.
                if (!CircleCiValues.ParseWorkflowStatus(workflow.Status).IsTerminal())
                {
                    await client.CancelWorkflowAsync(workflow.Id, token);
                    cancelled++;
                }
            }
        }

        logger.LogInformation("Cancelled {Count} CircleCI workflows", cancelled);
        return cancelled;
    }));

    /// <summary>One failed component as its stage report will show it, for the operator deciding about it; not kept as a report.</summary>
    [Activity(ActivityNames.SnapshotFailure)]
    public Task<ComponentReport> SnapshotFailureAsync(StageSnapshotRequest request) => CircleCiFailures.MapAsync(() => Heartbeats.WhileRunningAsync(async () =>
    {
        var report = await new StageSnapshotter(client, ActivityExecutionContext.Current.CancellationToken).SnapshotAsync(request);
        return report.Components.Single();
    }));

    [Activity(ActivityNames.SnapshotStage)]
    public Task<StageReport> SnapshotStageAsync(StageSnapshotRequest request) => CircleCiFailures.MapAsync(() => Heartbeats.WhileRunningAsync(async () =>
    {
        var context = ActivityExecutionContext.Current;
        var report = await new StageSnapshotter(client, context.CancellationToken).SnapshotAsync(request);
        return reports is null
            ? report
            : await reports.KeepAsync(report, request, context.Info.WorkflowId ?? request.Release.WorkflowId, context.Info.WorkflowRunId ?? "", context.CancellationToken);
    }));
}
