using Release.Workflows.Release;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Starter.Tests;

/// <summary>Waits until a release's progress query shows what a test needs, never for a fixed time.</summary>
internal static class ProgressWaiting
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<ReleaseProgress> UntilAsync(ITemporalClient client, string workflowId, Func<ReleaseProgress, bool> condition)
    {
        var handle = client.GetWorkflowHandle<ReleaseWorkflow>(workflowId);
        var until = DateTime.UtcNow + Deadline;
        ReleaseProgress? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = await handle.QueryAsync(wf => wf.GetProgress());
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is RpcException or WorkflowQueryFailedException)
            {
                // Not started yet, or a query that raced a workflow task: ask again.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the release never showed the expected progress; last: {System.Text.Json.JsonSerializer.Serialize(last)}");
        return last!;
    }

    public static bool Shows(ReleaseProgress progress, string component, string status) =>
        progress.Stages.SelectMany(s => s.Components).Any(c => c.Name == component && c.Status == status);
}
