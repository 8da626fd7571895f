using Release.Activities.CircleCi;
using Release.Analytics.Store;

namespace Release.Activities.Collection;

/// <summary>
/// What the collection activities write and read, keyed by CircleCI's ids so that reading the same
/// pipeline again updates it and never duplicates it.
/// </summary>
public interface ICollectionStore
{
    Task<DateTimeOffset?> GetLastPullAsync(string projectSlug, CancellationToken cancellationToken);

    Task SetLastPullAsync(string projectSlug, DateTimeOffset pulledAt, CancellationToken cancellationToken);

    Task UpsertPipelineAsync(CircleCiPipeline pipeline, CancellationToken cancellationToken);

    Task UpsertWorkflowAsync(CircleCiWorkflow workflow, CancellationToken cancellationToken);

    /// <param name="details">Null for an approval job (it has no number) or one CircleCI had no details for.</param>
    Task UpsertJobAsync(string workflowId, CircleCiJob job, CircleCiJobDetails? details, CancellationToken cancellationToken);

    /// <summary>Pipelines of the project created before <paramref name="createdBefore"/> whose workflows had not all ended when last read (told by the workflows stored).</summary>
    Task<IReadOnlyList<string>> RunningPipelinesAsync(string projectSlug, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>Replaces the project's insights over one reporting window with those just read.</summary>
    Task ReplaceInsightsAsync(string projectSlug, string reportingWindow, IReadOnlyList<StoredInsight> insights, CancellationToken cancellationToken);
}
