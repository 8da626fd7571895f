using Microsoft.Extensions.Logging;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.Workflows.CircleCi;
using Release.Workflows.Collection;
using Temporalio.Activities;

namespace Release.Activities.Collection;

/// <summary>
/// The I/O of <see cref="CollectProjectWorkflow"/>: CircleCI reads (at most a configured number in
/// flight on this worker, so a collection never starves the releases' calls) and store writes.
/// Every write is an upsert, so a retried activity repeats nothing.
/// </summary>
/// <param name="limit">Shared by every instance on the worker; null: <see cref="CollectionCallLimit.Default"/> for this instance alone.</param>
public sealed class CollectionActivities(CircleCiClient client, ICollectionStore store, ILogger<CollectionActivities> logger, CollectionCallLimit? limit = null)
{
    private readonly SemaphoreSlim calls = (limit ?? new CollectionCallLimit(CollectionCallLimit.Default)).Calls;

    [Activity(CollectionActivityNames.BeginProject)]
    public async Task<ProjectCursor> BeginProjectAsync(string projectSlug, CollectionSettings settings)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var last = await store.GetLastPullAsync(projectSlug, token);
        DateTimeOffset? since = last is { } pulled
            ? pulled - (settings.Overlap ?? CollectionSettings.DefaultOverlap)
            : settings.FirstPullSince is { } back ? now - back : null;
        logger.LogInformation("Collecting {ProjectSlug} since {Since}", projectSlug, since?.ToString("O") ?? "its first pipeline");
        return new ProjectCursor(since, now);
    }

    /// <summary>One page of the project's pipeline list, newest first; the pipelines at or after the cursor's start are stored.</summary>
    [Activity(CollectionActivityNames.ReadPipelinePage)]
    public Task<PipelinePage> ReadPipelinePageAsync(string projectSlug, ProjectCursor cursor) => CircleCiFailures.MapAsync(async () =>
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var page = await CallAsync(() => client.ListPipelinesAsync(projectSlug, branch: null, cursor.PageToken, token), token);
        var fresh = page.Items.Where(p => cursor.Since is not { } since || p.CreatedAt >= since || p.UpdatedAt >= since).ToList();
        foreach (var pipeline in fresh)
        {
            await store.UpsertPipelineAsync(pipeline, token);
        }

        // Newest first: a page that reaches pipelines created before the start ends the walk.
        var reachedOlder = cursor.Since is { } start && page.Items.Any(p => p.CreatedAt < start);
        return new PipelinePage(fresh.Select(p => p.Id).ToList(), reachedOlder || string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken);
    });

    /// <summary>A pipeline's workflows, their jobs and each job's details.</summary>
    [Activity(CollectionActivityNames.ReadPipeline)]
    public Task<CollectedPipeline> ReadPipelineAsync(string pipelineId) => CircleCiFailures.MapAsync(async () =>
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var workflows = await CallAsync(() => client.GetWorkflowsAsync(pipelineId, token), token);
        var jobs = 0;
        foreach (var workflow in workflows)
        {
            await store.UpsertWorkflowAsync(workflow, token);
            foreach (var job in await CallAsync(() => client.GetJobsAsync(workflow.Id, token), token))
            {
                var details = job.JobNumber is { } number
                    ? await CallAsync(() => client.GetJobDetailsAsync(workflow.ProjectSlug, number, token), token)
                    : null;
                await store.UpsertJobAsync(workflow.Id, job, details, token);
                jobs++;
            }
        }

        var terminal = workflows.Count > 0 && workflows.All(w => CircleCiValues.ParseWorkflowStatus(w.Status).IsTerminal());
        ActivityExecutionContext.Current.Heartbeat();
        return new CollectedPipeline(pipelineId, workflows.Count, jobs, terminal);
    });

    [Activity(CollectionActivityNames.RunningPipelines)]
    public async Task<IReadOnlyList<string>> RunningPipelinesAsync(string projectSlug, DateTimeOffset? since) =>
        since is { } start
            ? await store.RunningPipelinesAsync(projectSlug, start, ActivityExecutionContext.Current.CancellationToken)
            : [];

    /// <summary>
    /// Stores the project's insights (CircleCI's credits and metrics per workflow and job), then
    /// its last pull time. A plan without insights stores none and the collection goes on.
    /// </summary>
    [Activity(CollectionActivityNames.FinishProject)]
    public Task FinishProjectAsync(string projectSlug, DateTimeOffset pulledAt) => CircleCiFailures.MapAsync(async () =>
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        foreach (var window in InsightsReader.Windows)
        {
            var insights = await InsightsReader.ReadAsync(client, projectSlug, window, DateTimeOffset.UtcNow, call => CallAsync(call, token), token);
            if (insights is null)
            {
                logger.LogInformation("CircleCI has no insights for {ProjectSlug} on this plan; its credits are not collected", projectSlug);
                break;
            }

            await store.ReplaceInsightsAsync(projectSlug, window, insights, token);
        }

        await store.SetLastPullAsync(projectSlug, pulledAt, token);
        return true;
    });

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await calls.WaitAsync(cancellationToken);
        try
        {
            return await call();
        }
        finally
        {
            calls.Release();
        }
    }
}
