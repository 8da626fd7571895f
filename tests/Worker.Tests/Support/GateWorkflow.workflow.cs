using Temporalio.Workflows;

namespace Worker.Tests.Support;

/// <summary>Runs one activity that waits for the test to open its gate: an in-flight task during shutdown.</summary>
[Workflow]
public sealed class GateWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string name) =>
        Workflow.ExecuteActivityAsync(
            (GateActivities a) => a.PassAsync(name),
            new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
}
