using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace DevServer.Tests;

/// <summary>Shared pieces of the schedule tests: fresh ids, actions, and waiting on a condition.</summary>
internal static class ScheduleTestSupport
{
    public static string NewScheduleId() => $"sched-{Guid.NewGuid():N}";

    public static ScheduleActionStartWorkflow GreetingAction(string workflowId, string taskQueue) =>
        ScheduleActionStartWorkflow.Create((ScheduledGreetingWorkflow wf) => wf.RunAsync("ci"), new(id: workflowId, taskQueue: taskQueue));

    public static ScheduleActionStartWorkflow BlockingAction(string workflowId, string taskQueue) =>
        ScheduleActionStartWorkflow.Create((ScheduledBlockingWorkflow wf) => wf.RunAsync(), new(id: workflowId, taskQueue: taskQueue));

    public static ScheduleSpec Every(TimeSpan interval) => new() { Intervals = [new ScheduleIntervalSpec(interval)] };

    /// <summary>A spec that never fires on its own (an hour-long interval whose next time is far enough away).</summary>
    public static ScheduleSpec Yearly() => new() { CronExpressions = ["0 0 1 1 *"] };

    /// <summary>Describes the schedule until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task<ScheduleDescription> WaitForAsync(ScheduleHandle handle, Func<ScheduleDescription, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var description = await handle.DescribeAsync();
            if (condition(description))
            {
                return description;
            }
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"schedule {handle.Id} never reached the condition; last info: actions {description.Info.NumActions}, running {description.Info.RunningActions.Count}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException("condition never held");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    public static List<ScheduleActionExecutionStartWorkflow> Running(ScheduleDescription description) =>
        description.Info.RunningActions.Cast<ScheduleActionExecutionStartWorkflow>().ToList();

    /// <summary>The description as the server sent it (buffer size and action statuses are not in the SDK's view).</summary>
    public static async Task<Temporalio.Api.WorkflowService.V1.DescribeScheduleResponse> RawAsync(ITemporalClient client, ScheduleHandle handle) =>
        await client.WorkflowService.DescribeScheduleAsync(new() { Namespace = "default", ScheduleId = handle.Id });

    public static string WorkflowIdOf(ScheduleActionResult result) => ((ScheduleActionExecutionStartWorkflow)result.Action).WorkflowId;

    public static async Task<List<WorkflowExecution>> ScheduledRunsAsync(ITemporalClient client, string scheduleId)
    {
        var runs = new List<WorkflowExecution>();
        await foreach (var run in client.ListWorkflowsAsync($"TemporalScheduledById = '{scheduleId}'"))
        {
            runs.Add(run);
        }
        return runs;
    }
}
