using Release.Activities.CircleCi;
using Release.Analytics.Store;

namespace Release.Activities.Collection;

/// <summary>
/// The collection's writes and reads on the analytics store (SQLite or PostgreSQL). The store is
/// opened (and migrated) at first use, so a worker starts even while PostgreSQL is down; until it
/// answers, the collection's activities fail and Temporal retries them.
/// </summary>
public sealed class AnalyticsCollectionStore(StoreLocation location) : ICollectionStore
{
    private readonly SemaphoreSlim opening = new(1, 1);
    private AnalyticsStore? store;

    public StoreLocation Location { get; } = location;

    public async Task<DateTimeOffset?> GetLastPullAsync(string projectSlug, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).LastPullAsync(projectSlug, cancellationToken);

    public async Task SetLastPullAsync(string projectSlug, DateTimeOffset pulledAt, CancellationToken cancellationToken)
    {
        var opened = await StoreAsync(cancellationToken);
        await opened.AddProjectsAsync([projectSlug], cancellationToken);
        await opened.SetLastPullAsync(projectSlug, pulledAt, cancellationToken);
    }

    public async Task UpsertPipelineAsync(CircleCiPipeline pipeline, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).UpsertPipelineAsync(
            new StoredPipeline(
                pipeline.Id,
                pipeline.ProjectSlug,
                pipeline.Number,
                pipeline.State,
                pipeline.CreatedAt ?? pipeline.UpdatedAt ?? DateTimeOffset.UnixEpoch,
                pipeline.UpdatedAt,
                pipeline.Vcs?.Branch,
                pipeline.Vcs?.Revision,
                pipeline.Trigger?.Type,
                pipeline.Trigger?.Actor?.Login),
            cancellationToken);

    public async Task UpsertWorkflowAsync(CircleCiWorkflow workflow, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).UpsertWorkflowAsync(
            new StoredWorkflow(
                workflow.Id, workflow.PipelineId, workflow.ProjectSlug, workflow.Name, workflow.Status, workflow.CreatedAt ?? DateTimeOffset.UnixEpoch, workflow.StoppedAt),
            cancellationToken);

    public async Task UpsertJobAsync(string workflowId, CircleCiJob job, CircleCiJobDetails? details, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).UpsertJobAsync(
            new StoredJob(
                job.Id,
                workflowId,
                job.ProjectSlug,
                job.Name,
                job.Status,
                job.JobNumber,
                job.Type,
                details?.Executor?.ResourceClass,
                details?.Executor?.Type,
                details?.Parallelism is { } parallelism ? (int)parallelism : null,
                details?.Duration is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                details?.CreatedAt,
                details?.QueuedAt,
                details?.StartedAt ?? job.StartedAt,
                details?.StoppedAt ?? job.StoppedAt),
            cancellationToken);

    public async Task<IReadOnlyList<string>> RunningPipelinesAsync(string projectSlug, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        (await (await StoreAsync(cancellationToken)).RunningPipelinesAsync(projectSlug, cancellationToken: cancellationToken))
            .Where(p => p.CreatedAt < createdBefore)
            .Select(p => p.Id)
            .ToList();

    public async Task ReplaceInsightsAsync(string projectSlug, string reportingWindow, IReadOnlyList<StoredInsight> insights, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).ReplaceInsightsAsync(projectSlug, reportingWindow, insights, cancellationToken);

    private async Task<AnalyticsStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (store is { } opened)
        {
            return opened;
        }

        await opening.WaitAsync(cancellationToken);
        try
        {
            return store ??= await AnalyticsStore.OpenAsync(Location, TimeProvider.System, cancellationToken);
        }
        finally
        {
            opening.Release();
        }
    }
}
