using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.Webhooks;

/// <summary>
/// Hands a webhook to the component workflows watching its pipeline: found by their
/// CircleCiPipelineId search attribute, woken by the <c>pipeline_event</c> signal.
/// </summary>
public sealed class PipelineEventRouter(ITemporalClient client)
{
    /// <returns>How many running workflows were signalled.</returns>
    public async Task<int> RouteAsync(CircleCiWebhookEvent webhook, CancellationToken cancellationToken)
    {
        // Only a UUID reaches the query, so nothing from the request can change its meaning.
        if (!Guid.TryParse(webhook.PipelineId, out var pipelineId))
        {
            throw new ArgumentException($"pipeline id '{webhook.PipelineId}' is not a UUID", nameof(webhook));
        }

        var query = $"{ReleaseSearchAttributes.PipelineId.Name} = '{pipelineId:D}' AND ExecutionStatus = 'Running'";
        var signalled = 0;
        await foreach (var execution in client.ListWorkflowsAsync(query, new() { Rpc = new() { CancellationToken = cancellationToken } }))
        {
            var handle = client.GetWorkflowHandle<ComponentWorkflow>(execution.Id, execution.RunId);
            await handle.SignalAsync(
                wf => wf.PipelineEventAsync(new PipelineEvent(webhook.Type, webhook.WorkflowId, webhook.WorkflowStatus)),
                new() { Rpc = new() { CancellationToken = cancellationToken } });
            signalled++;
        }

        return signalled;
    }
}
