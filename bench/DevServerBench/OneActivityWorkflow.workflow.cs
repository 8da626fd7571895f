using Temporalio.Workflows;

namespace Release.DevServerBench;

/// <summary>The unit of load: one workflow that runs one activity and returns its result.</summary>
[Workflow]
public sealed class OneActivityWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int input) =>
        Workflow.ExecuteActivityAsync(
            () => BenchActivities.Echo(input),
            new() { StartToCloseTimeout = TimeSpan.FromSeconds(60) });
}
