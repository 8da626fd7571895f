using Release.Analytics.Store;

namespace Release.Analytics.Export;

/// <summary>
/// Reads a window of the store as ECS documents, project by project, pipelines first, then their
/// workflows, then their jobs (each job document carries its workflow and pipeline).
/// </summary>
public static class HistoryExport
{
    public static async IAsyncEnumerable<HistoryDocument> ReadAsync(
        AnalyticsStore store, IEnumerable<string> slugs, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var slug in slugs)
        {
            var pipelines = (await store.PipelinesCreatedAsync(slug, from, to, cancellationToken)).ToDictionary(p => p.Id);
            var workflows = (await store.WorkflowsOfPipelinesCreatedAsync(slug, from, to, cancellationToken)).ToDictionary(w => w.Id);
            var workflowsOf = workflows.Values.ToLookup(w => w.PipelineId);
            foreach (var pipeline in pipelines.Values)
            {
                yield return EcsHistoryDocuments.Pipeline(pipeline, workflowsOf[pipeline.Id].ToList());
            }

            foreach (var workflow in workflows.Values)
            {
                yield return EcsHistoryDocuments.Workflow(workflow, pipelines.GetValueOrDefault(workflow.PipelineId));
            }

            foreach (var job in await store.JobsOfPipelinesCreatedAsync(slug, from, to, cancellationToken))
            {
                var workflow = workflows.GetValueOrDefault(job.WorkflowId);
                yield return EcsHistoryDocuments.Job(job, workflow, workflow is null ? null : pipelines.GetValueOrDefault(workflow.PipelineId));
            }
        }
    }
}
