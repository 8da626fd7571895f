namespace Release.Analytics.Store;

// The history of a window as the export writes it: each pipeline created in the window with all
// its workflows and jobs, even those that ended after the window (a pipeline is exported whole).
public sealed partial class AnalyticsStore
{
    private const string PipelinesOfWindow =
        "SELECT id FROM pipelines WHERE project_slug = @Slug AND created_ms >= @FromMs AND created_ms < @ToMs";

    public async Task<IReadOnlyList<StoredPipeline>> PipelinesCreatedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<PipelineRow>($"SELECT {PipelineRow.Columns} FROM pipelines WHERE id IN ({PipelinesOfWindow}) ORDER BY created_ms, id", Window(slug, from, to), cancellationToken))
            .Select(r => r.ToRecord()).ToList();

    /// <summary>The workflows of the pipelines <see cref="PipelinesCreatedAsync"/> gives.</summary>
    public async Task<IReadOnlyList<StoredWorkflow>> WorkflowsOfPipelinesCreatedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<WorkflowRow>($"SELECT {WorkflowRow.Columns} FROM workflows WHERE pipeline_id IN ({PipelinesOfWindow}) ORDER BY created_ms, id", Window(slug, from, to), cancellationToken))
            .Select(r => r.ToRecord()).ToList();

    /// <summary>The jobs of the workflows <see cref="WorkflowsOfPipelinesCreatedAsync"/> gives.</summary>
    public async Task<IReadOnlyList<StoredJob>> JobsOfPipelinesCreatedAsync(string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync<JobRow>(
            $"SELECT {JobRow.Columns} FROM jobs WHERE workflow_id IN (SELECT id FROM workflows WHERE pipeline_id IN ({PipelinesOfWindow})) ORDER BY created_ms, id",
            Window(slug, from, to), cancellationToken))
            .Select(r => r.ToRecord()).ToList();
}
