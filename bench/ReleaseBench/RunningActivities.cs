using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>An activity attempt some worker has started and not finished, as Temporal shows it.</summary>
internal sealed record RunningActivity(string WorkflowId, string ActivityId, string Type, string Worker, DateTimeOffset StartedAt);

/// <summary>Reads which activity attempts of a release are running, and on which worker.</summary>
internal static class RunningActivities
{
    /// <summary>The release's and its open children's started activities.</summary>
    public static async Task<List<RunningActivity>> OfAsync(ITemporalClient client, string releaseId)
    {
        var release = await DescribeAsync(client, releaseId);
        var ids = release.PendingChildren.Select(c => c.WorkflowId).Prepend(releaseId).ToList();
        var running = new List<RunningActivity>();
        foreach (var id in ids)
        {
            var described = id == releaseId ? release : await DescribeAsync(client, id);
            running.AddRange(described.PendingActivities
                .Where(a => a.State == PendingActivityState.Started && a.LastStartedTime is not null)
                .Select(a => new RunningActivity(id, a.ActivityId, a.ActivityType.Name, a.LastWorkerIdentity, a.LastStartedTime.ToDateTimeOffset())));
        }

        return running;
    }

    /// <summary>Whether that attempt is over: the activity finished, or a newer attempt of it started.</summary>
    public static async Task<bool> MovedOnAsync(ITemporalClient client, RunningActivity activity)
    {
        var described = await DescribeAsync(client, activity.WorkflowId);
        var now = described.PendingActivities.FirstOrDefault(a => a.ActivityId == activity.ActivityId);
        return now is null
            || (now.State == PendingActivityState.Started && now.LastStartedTime?.ToDateTimeOffset() > activity.StartedAt);
    }

    private static Task<Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse> DescribeAsync(ITemporalClient client, string workflowId) =>
        client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = client.Options.Namespace, Execution = new() { WorkflowId = workflowId } });
}
