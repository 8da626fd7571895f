using Release.Workflows.Release;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Starter.Tests;

/// <summary>Waits for a release's state through the SDK, so tests never sleep for a fixed time.</summary>
internal static class ReleaseWaiting
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task UntilPipelinesTriggeredAsync(ITemporalClient client, string workflowId)
    {
        var handle = client.GetWorkflowHandle<ReleaseWorkflow>(workflowId);
        await UntilAsync(async () =>
        {
            try
            {
                var progress = await handle.QueryAsync(wf => wf.GetProgress());
                return progress.Stages[0].Components.All(c => c.PipelineNumber is not null);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // The command under test has not started it yet.
                return false;
            }
            catch (WorkflowQueryFailedException e) when (e.Message.Contains("expired", StringComparison.OrdinalIgnoreCase))
            {
                // A query task that reached the worker after a newer workflow task is expired by
                // the SDK, as with a real server: ask again.
                return false;
            }
        });
    }

    public static async Task UntilClosedAsync(ITemporalClient client, string workflowId) =>
        await UntilAsync(async () => (await client.GetWorkflowHandle(workflowId).DescribeAsync()).Status != WorkflowExecutionStatus.Running);

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the release never reached the expected state");
            await Task.Delay(50);
        }
    }
}
