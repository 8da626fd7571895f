using Release.Activities.Release;
using Release.Workflows.Release;
using Temporalio.Activities;

namespace Orchestrator.Tests;

/// <summary>Rewrites what the watch learns from CircleCI about one pipeline (by id).</summary>
public delegate Task<PipelineStatus> StatusFilter(string pipelineId, PipelineStatus real);

/// <summary>
/// The real <c>GetPipelineStatus</c> against the simulator, with its answer passed through a
/// filter: lets a test decide when the release learns a pipeline's end, while the stage
/// snapshot still reads what CircleCI really says.
/// </summary>
public sealed class FilteredStatusActivities(CircleCiActivities real, StatusFilter filter)
{
    [Activity(ActivityNames.GetPipelineStatus)]
    public async Task<PipelineStatus> GetPipelineStatusAsync(string pipelineId) =>
        await filter(pipelineId, await real.GetPipelineStatusAsync(pipelineId));
}
