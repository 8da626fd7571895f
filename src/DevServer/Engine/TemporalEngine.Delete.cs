using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>DeleteWorkflowExecution: a run disappears from histories, describe and visibility.</summary>
internal sealed partial class TemporalEngine
{
    public void DeleteWorkflowExecution(DeleteWorkflowExecutionRequest request) => Step(() =>
    {
        var run = RequireRun(request.Namespace, request.WorkflowExecution);
        // As the real server: a running execution is terminated first, so its parent and children hear of it.
        Terminate(run, "Delete workflow execution.", null, "history-service");
        AfterStep(() => ForgetRun(run));
    });

    private void ForgetRun(ExecutionState run)
    {
        _runs.Remove(run.Key);
        var chainKey = (run.Namespace, run.WorkflowId);
        if (_chains.TryGetValue(chainKey, out var chain))
        {
            chain.Remove(run);
            if (chain.Count == 0)
            {
                _chains.Remove(chainKey);
            }
        }
    }
}
