using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Workflows whose pages the web UI tests look at, one outcome each.</summary>
public static class WebUiWorkflows
{
    public sealed record ReleaseInput(string Component, string Version);

    public sealed record ReleaseResult(string Component, string Version, bool Deployed);

    [Workflow]
    public sealed class UiReleaseWorkflow
    {
        [WorkflowRun]
        public Task<ReleaseResult> RunAsync(ReleaseInput input) => Task.FromResult(new ReleaseResult(input.Component, input.Version, true));
    }

    [Workflow]
    public sealed class UiFailingWorkflow
    {
        [WorkflowRun]
        public Task<string> RunAsync(string component) =>
            throw new ApplicationFailureException($"deploy of {component} failed: health check timed out", "DeployFailed", nonRetryable: true);
    }

    [Workflow]
    public sealed class UiParentWorkflow
    {
        [WorkflowRun]
        public async Task<string> RunAsync(string childId) =>
            await Workflow.ExecuteChildWorkflowAsync((UiChildWorkflow child) => child.RunAsync(), new() { Id = childId });
    }

    /// <summary>Runs until signalled, so its parent has a pending child to show.</summary>
    [Workflow]
    public sealed class UiChildWorkflow
    {
        private bool _finish;

        [WorkflowRun]
        public async Task<string> RunAsync()
        {
            await Workflow.WaitConditionAsync(() => _finish);
            return "child done";
        }

        [WorkflowSignal]
        public Task FinishAsync()
        {
            _finish = true;
            return Task.CompletedTask;
        }
    }

    /// <summary>The activity fails once, then waits an hour for its retry: a stable pending activity on attempt 2.</summary>
    [Workflow]
    public sealed class UiRetryingActivityWorkflow
    {
        [WorkflowRun]
        public Task<string> RunAsync() =>
            Workflow.ExecuteActivityAsync(() => Activities.FlakyDeploy(), new()
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromHours(1), MaximumAttempts = 5 },
            });
    }

    /// <summary>The activity heartbeats until it is cancelled: a pending activity with heartbeat details.</summary>
    [Workflow]
    public sealed class UiHeartbeatWorkflow
    {
        [WorkflowRun]
        public Task<string> RunAsync() =>
            Workflow.ExecuteActivityAsync(() => Activities.UploadArtifactsAsync(), new()
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(5),
                HeartbeatTimeout = TimeSpan.FromSeconds(10),
            });
    }

    public static class Activities
    {
        [Activity]
        public static async Task<string> UploadArtifactsAsync()
        {
            var context = ActivityExecutionContext.Current;
            while (true)
            {
                context.Heartbeat("uploaded 3 of 7 artifacts");
                await Task.Delay(TimeSpan.FromMilliseconds(200), context.CancellationToken);
            }
        }

        [Activity]
        public static string FlakyDeploy()
        {
            ActivityExecutionContext.Current.Heartbeat("step 3 of 7");
            throw new ApplicationFailureException("CircleCI pipeline 42 failed", "PipelineFailed");
        }
    }
}
