namespace Release.Workflows.Collection;

/// <summary>How a collection reads CircleCI. Never a secret: the token stays in the worker.</summary>
/// <param name="Overlap">How far before the last pull to read again, so pipelines updated late (a rerun, a slow workflow) are seen.</param>
/// <param name="FirstPullSince">For a project never pulled: how far back to read; null reads its whole history.</param>
/// <param name="PipelinesAtOnce">Pipelines read in parallel per project (each is several calls).</param>
/// <param name="PipelinesPerRun">Pipelines a run reads before it continues as new, bounding its history.</param>
/// <param name="ProjectsAtOnce">Projects collected in parallel.</param>
public sealed record CollectionSettings(
    TimeSpan? Overlap = null,
    TimeSpan? FirstPullSince = null,
    int PipelinesAtOnce = 4,
    int PipelinesPerRun = 200,
    int ProjectsAtOnce = 4)
{
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(1);
}

/// <summary>What <c>release collect run</c> asks for: every onboarded project.</summary>
public sealed record CollectInput(IReadOnlyList<string> ProjectSlugs, CollectionSettings Settings);

/// <param name="Cursor">Null on the first run; set when a run continues as new mid-project.</param>
public sealed record CollectProjectInput(string ProjectSlug, CollectionSettings Settings, ProjectCursor? Cursor = null, CollectedCounts? SoFar = null);

/// <summary>Where a project's collection stands.</summary>
/// <param name="Since">Pipelines created before this are not read again (except those still running).</param>
/// <param name="PullStartedAt">Becomes the project's last pull time once every page is read.</param>
/// <param name="PageToken">The next page of the project's pipeline list; null: the first page.</param>
public sealed record ProjectCursor(DateTimeOffset? Since, DateTimeOffset PullStartedAt, string? PageToken = null);

/// <summary>One page of a project's pipelines, newest first, as stored.</summary>
/// <param name="PipelineIds">Pipelines on the page created at or after the cursor's <c>Since</c>: their workflows and jobs are read next.</param>
/// <param name="NextPageToken">Null when the list ends or the page reached pipelines older than <c>Since</c>.</param>
public sealed record PipelinePage(IReadOnlyList<string> PipelineIds, string? NextPageToken);

/// <param name="Jobs">Jobs stored (with their details).</param>
public sealed record CollectedPipeline(string PipelineId, int Workflows, int Jobs, bool Terminal);

public sealed record CollectedCounts(int Pipelines = 0, int Workflows = 0, int Jobs = 0)
{
    public CollectedCounts Add(CollectedPipeline pipeline) => new(Pipelines + 1, Workflows + pipeline.Workflows, Jobs + pipeline.Jobs);

    public CollectedCounts Add(CollectedCounts other) => new(Pipelines + other.Pipelines, Workflows + other.Workflows, Jobs + other.Jobs);
}

public sealed record CollectProjectResult(string ProjectSlug, CollectedCounts Counts, string? Error = null);

public sealed record CollectResult(IReadOnlyList<CollectProjectResult> Projects)
{
    public CollectedCounts Total => Projects.Aggregate(new CollectedCounts(), (sum, p) => sum.Add(p.Counts));
}

/// <summary>Activity names of the collection, shared by the workflows and the activities.</summary>
public static class CollectionActivityNames
{
    public const string BeginProject = "CollectBeginProject";
    public const string ReadPipelinePage = "CollectPipelinePage";
    public const string ReadPipeline = "CollectPipeline";
    public const string RunningPipelines = "CollectRunningPipelines";
    public const string FinishProject = "CollectFinishProject";
}
