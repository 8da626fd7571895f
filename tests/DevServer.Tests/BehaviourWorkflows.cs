using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Workflows of the behaviour conformance tests (update outliving its run, metadata, root).</summary>
[Workflow]
public sealed class UpdateOutlivedWorkflow
{
    private bool _entered;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        // Completes as soon as the update is running, so the accepted update never gets to answer.
        await Workflow.WaitConditionAsync(() => _entered);
        return "done";
    }

    [WorkflowUpdate(UnfinishedPolicy = HandlerUnfinishedPolicy.Abandon)]
    public async Task<string> WaitForeverAsync()
    {
        _entered = true;
        await Workflow.WaitConditionAsync(() => false);
        return "never";
    }
}
