using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.Releases.Operations;

/// <summary>Asks a running release to abort (the <c>abort</c> signal); one ended already is refused, as there is nothing to stop.</summary>
public static class ReleaseAborts
{
    public static async Task RequestAsync(ITemporalClient client, ReleaseState state, AbortRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsRunning)
        {
            throw ReleaseOperationException.Conflict($"release {state.WorkflowId} already ended ({state.Status}); there is nothing to abort");
        }

        await client.GetWorkflowHandle<ReleaseWorkflow>(state.WorkflowId).SignalAsync(
            wf => wf.AbortAsync(request), new() { Rpc = new() { CancellationToken = cancellationToken } });
    }
}
