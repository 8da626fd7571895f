using Release.Workflows.Release;
using Temporalio.Common;
using Temporalio.Workflows;

namespace Release.Workflows.Collection;

/// <summary>
/// Collects one CircleCI project incrementally (seed 001): its pipelines newest first back to the
/// last pull (less an overlap), then each new pipeline's workflows, jobs and job details, then the
/// pipelines still running at the last pull. Activities store everything; the workflow carries
/// only ids and a cursor, and continues as new every <see cref="CollectionSettings.PipelinesPerRun"/>
/// pipelines, so a project of any size keeps each run's history small and a crash resumes at its page.
/// </summary>
[Workflow]
public sealed class CollectProjectWorkflow
{
    [WorkflowRun]
    public async Task<CollectProjectResult> RunAsync(CollectProjectInput input)
    {
        var slug = input.ProjectSlug;
        var settings = input.Settings;
        var cursor = input.Cursor ?? await Workflow.ExecuteActivityAsync<ProjectCursor>(
            CollectionActivityNames.BeginProject, [slug, settings], Calls());
        var counts = input.SoFar ?? new CollectedCounts();
        var readThisRun = 0;
        var first = input.Cursor is null;
        while (first || cursor.PageToken is not null)
        {
            first = false;
            var page = await Workflow.ExecuteActivityAsync<PipelinePage>(
                CollectionActivityNames.ReadPipelinePage, [slug, cursor], Calls());
            counts = await ReadPipelinesAsync(page.PipelineIds, settings, counts);
            readThisRun += page.PipelineIds.Count;
            cursor = cursor with { PageToken = page.NextPageToken };
            if (cursor.PageToken is not null && readThisRun >= settings.PipelinesPerRun)
            {
                var next = input with { Cursor = cursor, SoFar = counts };
                throw Workflow.CreateContinueAsNewException((CollectProjectWorkflow wf) => wf.RunAsync(next));
            }
        }

        // Pipelines that were running when an earlier pull read them, and are older than the overlap.
        var running = await Workflow.ExecuteActivityAsync<IReadOnlyList<string>>(
            CollectionActivityNames.RunningPipelines, [slug, cursor.Since], Calls());
        counts = await ReadPipelinesAsync(running, settings, counts);

        await Workflow.ExecuteActivityAsync(CollectionActivityNames.FinishProject, [slug, cursor.PullStartedAt], Calls());
        return new CollectProjectResult(slug, counts);
    }

    private static async Task<CollectedCounts> ReadPipelinesAsync(IReadOnlyList<string> ids, CollectionSettings settings, CollectedCounts counts)
    {
        foreach (var batch in ids.Chunk(Math.Max(1, settings.PipelinesAtOnce)))
        {
            var read = await Workflow.WhenAllAsync(batch.Select(id =>
                Workflow.ExecuteActivityAsync<CollectedPipeline>(CollectionActivityNames.ReadPipeline, [id], Calls())));
            counts = read.Aggregate(counts, (sum, pipeline) => sum.Add(pipeline));
        }

        return counts;
    }

    // Rate limits and outages pass (a 429's Retry-After sets the next attempt); a permanent
    // refusal (a project that does not exist, a bad token) fails the project, not the others.
    private static ActivityOptions Calls() => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };
}
