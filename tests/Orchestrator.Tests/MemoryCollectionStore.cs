using System.Collections.Concurrent;
using Release.Activities.CircleCi;
using Release.Activities.Collection;

namespace Orchestrator.Tests;

/// <summary>
/// The collection store as dictionaries, for the collector's workflow tests: upserts keyed by the
/// same CircleCI ids as the SQL stores, so a duplicate shows as a count that grew.
/// </summary>
internal sealed class MemoryCollectionStore : ICollectionStore
{
    public ConcurrentDictionary<string, DateTimeOffset> LastPull { get; } = new();

    public ConcurrentDictionary<string, (CircleCiPipeline Pipeline, bool Terminal)> Pipelines { get; } = new();

    public ConcurrentDictionary<string, CircleCiWorkflow> Workflows { get; } = new();

    public ConcurrentDictionary<string, (string WorkflowId, CircleCiJob Job, CircleCiJobDetails? Details)> Jobs { get; } = new();

    public Task<DateTimeOffset?> GetLastPullAsync(string projectSlug, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(LastPull.TryGetValue(projectSlug, out var at) ? at : null);

    public Task SetLastPullAsync(string projectSlug, DateTimeOffset pulledAt, CancellationToken cancellationToken)
    {
        LastPull[projectSlug] = pulledAt;
        return Task.CompletedTask;
    }

    public Task UpsertPipelineAsync(CircleCiPipeline pipeline, CancellationToken cancellationToken)
    {
        Pipelines.AddOrUpdate(pipeline.Id, (pipeline, false), (_, old) => (pipeline, old.Terminal));
        return Task.CompletedTask;
    }

    public Task UpsertWorkflowAsync(CircleCiWorkflow workflow, CancellationToken cancellationToken)
    {
        Workflows[workflow.Id] = workflow;
        return Task.CompletedTask;
    }

    public Task UpsertJobAsync(string workflowId, CircleCiJob job, CircleCiJobDetails? details, CancellationToken cancellationToken)
    {
        Jobs[job.Id] = (workflowId, job, details);
        return Task.CompletedTask;
    }

    public Task MarkPipelineAsync(string pipelineId, bool terminal, CancellationToken cancellationToken)
    {
        Pipelines.AddOrUpdate(pipelineId, _ => throw new InvalidOperationException($"pipeline {pipelineId} was never stored"), (_, old) => (old.Pipeline, terminal));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> RunningPipelinesAsync(string projectSlug, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Pipelines.Values
            .Where(p => p.Pipeline.ProjectSlug == projectSlug && !p.Terminal && p.Pipeline.CreatedAt < createdBefore)
            .Select(p => p.Pipeline.Id)
            .ToList());
}
