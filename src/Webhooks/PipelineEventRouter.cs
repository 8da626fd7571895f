using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.Webhooks;

/// <summary>
/// Hands a webhook to the component workflows watching its pipeline: found by their
/// CircleCiPipelineId search attribute, woken by the <c>pipeline_event</c> signal.
/// </summary>
public sealed class PipelineEventRouter(ITemporalClient client)
{
    /// <param name="rpcTimeout">Bounds each Temporal call, so a slow server fails the delivery quickly.</param>
    /// <returns>How many running workflows were signalled (0: none watches this pipeline).</returns>
    public async Task<int> RouteAsync(CircleCiWebhookEvent webhook, TimeSpan rpcTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);

        // Only a UUID reaches the query, so nothing from the request can change its meaning.
        if (!Guid.TryParse(webhook.PipelineId, out var pipelineId))
        {
            throw new ArgumentException($"pipeline id '{webhook.PipelineId}' is not a UUID", nameof(webhook));
        }

        var rpc = new RpcOptions { Timeout = rpcTimeout, CancellationToken = cancellationToken };
        var query = $"{ReleaseSearchAttributes.PipelineId.Name} = '{pipelineId:D}' AND ExecutionStatus = 'Running'";
        var signalled = 0;
        await foreach (var execution in client.ListWorkflowsAsync(query, new() { Rpc = rpc }).WithCancellation(cancellationToken))
        {
            var handle = client.GetWorkflowHandle<ComponentWorkflow>(execution.Id, execution.RunId);
            await handle.SignalAsync(
                wf => wf.PipelineEventAsync(new PipelineEvent(webhook.Type, webhook.WorkflowId, webhook.WorkflowStatus)),
                new() { Rpc = rpc });
            signalled++;
        }

        return signalled;
    }
}
