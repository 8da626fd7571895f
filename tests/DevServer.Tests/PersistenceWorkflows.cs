using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>
/// An activity whose first attempt never ends: to the server, a worker that took the task and died.
/// Later attempts answer at once, so the workflow finishes once the server retries it.
/// </summary>
public sealed class FirstAttemptHangsActivities
{
    [Activity]
    public async Task<string> HangOnceAsync(string input)
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        return $"{input} on attempt {context.Info.Attempt}";
    }
}

[Workflow]
public sealed class HangOnceWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string input) =>
        Workflow.ExecuteActivityAsync(
            (FirstAttemptHangsActivities a) => a.HangOnceAsync(input),
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(3),
                RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) },
            });
}
