using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace DevServer.Tests;

/// <summary>
/// Races between a running workflow task and what happens meanwhile, driven with raw RPCs so the
/// timing is exact: a timer that fires, or an activity that ends, while the task that cancels it
/// runs. The real server accepts both cancels (the worker never saw the firing or the end); a
/// server that refuses them makes the SDK fail the task over and over.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class BufferedRaceTests(DevServerFixture server)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelTimer_TimerFiredDuringTheTask_IsAcceptedAndTheFiringDropped(bool alsoCompletes)
    {
        var (queue, execution) = await StartAsync();
        var first = await PollWorkflowTaskAsync(queue);
        await CompleteAsync(first, new Command
        {
            CommandType = CommandType.StartTimer,
            StartTimerCommandAttributes = new() { TimerId = "t1", StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
        });
        var fireTime = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        await server.Client.GetWorkflowHandle(execution.WorkflowId).SignalAsync("wake", []);
        var second = await PollWorkflowTaskAsync(queue);
        Assert.DoesNotContain(second.History.Events, e => e.EventType == EventType.TimerFired);
        // Nothing shows a buffered event through the API: wait out the timer's due time instead.
        await Task.Delay(fireTime - DateTime.UtcNow + TimeSpan.FromMilliseconds(300));

        Command[] commands = [new Command { CommandType = CommandType.CancelTimer, CancelTimerCommandAttributes = new() { TimerId = "t1" } }];
        if (alsoCompletes)
        {
            // The cancel accounts for the firing, so closing is not refused as leaving events unseen.
            commands = [.. commands, new Command { CommandType = CommandType.CompleteWorkflowExecution, CompleteWorkflowExecutionCommandAttributes = new() }];
        }

        await CompleteAsync(second, commands);

        var types = await EventTypesAsync(execution);
        Assert.Contains(EventType.TimerCanceled, types);
        Assert.Equal(alsoCompletes ? EventType.WorkflowExecutionCompleted : EventType.TimerCanceled, types[^1]);
        Assert.DoesNotContain(EventType.TimerFired, types);
        Assert.DoesNotContain(EventType.WorkflowTaskFailed, types);
    }

    [Fact]
    public async Task RequestCancelActivity_ActivityEndedDuringTheTask_IsRecordedBeforeTheEnd()
    {
        var (queue, execution) = await StartAsync();
        var first = await PollWorkflowTaskAsync(queue);
        await CompleteAsync(first, new Command
        {
            CommandType = CommandType.ScheduleActivityTask,
            ScheduleActivityTaskCommandAttributes = new()
            {
                ActivityId = "a1",
                ActivityType = new() { Name = "Work" },
                TaskQueue = new() { Name = queue },
                StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            },
        });
        var activity = await server.Client.WorkflowService.PollActivityTaskQueueAsync(
            new PollActivityTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = queue }, Identity = "test" });
        await server.Client.GetWorkflowHandle(execution.WorkflowId).SignalAsync("wake", []);
        var second = await PollWorkflowTaskAsync(queue);
        await server.Client.WorkflowService.RespondActivityTaskCompletedAsync(
            new RespondActivityTaskCompletedRequest { Namespace = "default", TaskToken = activity.TaskToken, Identity = "test" });
        var scheduledEventId = (await EventsAsync(execution)).Single(e => e.EventType == EventType.ActivityTaskScheduled).EventId;

        await CompleteAsync(second, new Command
        {
            CommandType = CommandType.RequestCancelActivityTask,
            RequestCancelActivityTaskCommandAttributes = new() { ScheduledEventId = scheduledEventId },
        });

        var types = await EventTypesAsync(execution);
        Assert.DoesNotContain(EventType.WorkflowTaskFailed, types);
        var requested = types.IndexOf(EventType.ActivityTaskCancelRequested);
        Assert.True(requested >= 0 && requested < types.IndexOf(EventType.ActivityTaskCompleted), string.Join(", ", types));
    }

    private async Task<(string Queue, WorkflowExecution Execution)> StartAsync()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var workflowId = DevServerFixture.NewWorkflowId("race");
        var response = await server.Client.WorkflowService.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new() { Name = "RawWorkflow" },
            TaskQueue = new() { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        });
        return (queue, new WorkflowExecution { WorkflowId = workflowId, RunId = response.RunId });
    }

    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string queue)
    {
        var task = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(
            new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = queue }, Identity = "test" });
        Assert.False(task.TaskToken.IsEmpty, "no workflow task came");
        return task;
    }

    private Task CompleteAsync(PollWorkflowTaskQueueResponse task, params Command[] commands) =>
        server.Client.WorkflowService.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = "test",
            Commands = { commands },
        });

    private async Task<List<Temporalio.Api.History.V1.HistoryEvent>> EventsAsync(WorkflowExecution execution) =>
        [.. (await server.Client.GetWorkflowHandle(execution.WorkflowId, execution.RunId).FetchHistoryAsync()).Events];

    private async Task<List<EventType>> EventTypesAsync(WorkflowExecution execution) =>
        (await EventsAsync(execution)).Select(e => e.EventType).ToList();
}
