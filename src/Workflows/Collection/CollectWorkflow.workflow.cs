using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Collection;

/// <summary>
/// One collection of every onboarded project: a child workflow per project, a few at once. A
/// project that fails (CircleCI refuses it) is reported and the others go on.
/// </summary>
[Workflow]
public sealed class CollectWorkflow
{
    [WorkflowRun]
    public async Task<CollectResult> RunAsync(CollectInput input)
    {
        var results = new List<CollectProjectResult>();
        foreach (var batch in input.ProjectSlugs.Distinct(StringComparer.Ordinal).Chunk(Math.Max(1, input.Settings.ProjectsAtOnce)))
        {
            results.AddRange(await Workflow.WhenAllAsync(batch.Select(slug => CollectAsync(slug, input.Settings))));
        }

        return new CollectResult(results);
    }

    /// <summary>Child ids are derived from the parent's and the project, so a retried start finds the same child.</summary>
    public static string ChildId(string parentId, string projectSlug) => $"{parentId}/{projectSlug}";

    private static async Task<CollectProjectResult> CollectAsync(string slug, CollectionSettings settings)
    {
        try
        {
            return await Workflow.ExecuteChildWorkflowAsync(
                (CollectProjectWorkflow wf) => wf.RunAsync(new CollectProjectInput(slug, settings)),
                new ChildWorkflowOptions { Id = ChildId(Workflow.Info.WorkflowId, slug), StaticSummary = $"collect {slug}" });
        }
        catch (ChildWorkflowFailureException e)
        {
            return new CollectProjectResult(slug, new CollectedCounts(), Release.FailureCause.Of(e));
        }
    }
}
