using Temporalio.Activities;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>A workflow that reports what it is doing the way a release does: current details and an activity summary.</summary>
public static class WebUiMetadataWorkflows
{
    public const string CurrentDetails = """
        **Release acme 1.0.0**: Running

        | Stage | Component | Status | Pipeline |
        |---|---|---|---|
        | 1 | b1 | Running | [#12](https://app.circleci.com/pipelines/gh/acme/b1/12) |
        """;

    public const string ActivitySummary = "trigger gh/acme/b1 on main";

    /// <summary>Sets its current details, runs one summarised activity, then waits until signalled.</summary>
    [Workflow]
    public sealed class UiCurrentDetailsWorkflow
    {
        private bool _finish;

        [WorkflowRun]
        public async Task<string> RunAsync()
        {
            Workflow.CurrentDetails = CurrentDetails;
            await Workflow.ExecuteActivityAsync(() => Activities.Trigger(), new()
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                Summary = ActivitySummary,
            });
            await Workflow.WaitConditionAsync(() => _finish);
            return "done";
        }

        [WorkflowSignal]
        public Task FinishAsync()
        {
            _finish = true;
            return Task.CompletedTask;
        }
    }

    public static class Activities
    {
        [Activity]
        public static string Trigger() => "triggered";
    }
}
