using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace DevServer.Tests;

/// <summary>
/// A worker that dies while holding a task is, to the server, a poller that never answers: these
/// tests take a task with a raw poll and drop it, then check that a live worker finishes the work.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class CrashTests(DevServerFixture server)
{
    [Fact]
    public async Task WorkerDiesHoldingActivity_RetriedOnNewWorkerAfterStartToClose()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var call = new ActivityTests.ActivityCall("greet", "again") { StartToClose = TimeSpan.FromSeconds(1) };
        var handle = await server.Client.StartWorkflowAsync((ActivityTests.OneActivityWorkflow wf) => wf.RunAsync(call), new(DevServerFixture.NewWorkflowId(), queue));

        // The first worker runs the workflow task, then "dies" holding the activity task.
        using (var firstWorker = server.NewWorker(o => o.AddWorkflow<ActivityTests.OneActivityWorkflow>(), queue))
        {
            await firstWorker.ExecuteAsync(() => ChildWorkflowTests.WaitUntilAsync(async () =>
                (await server.DescribeRawAsync(handle.Id)).PendingActivities.Count == 1));
        }
        var held = await server.Client.WorkflowService.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new() { Name = queue },
            Identity = "worker-that-dies",
        });
        Assert.Equal(1, held.Attempt);

        using var secondWorker = server.NewWorker(o => o.AddWorkflow<ActivityTests.OneActivityWorkflow>().AddAllActivities(new ActivityTests.Activities()), queue);
        var result = await secondWorker.ExecuteAsync(() => handle.GetResultAsync());
        Assert.Equal("Hello, again!", result);
        var history = await handle.FetchHistoryAsync();
        var started = history.Events.Single(e => e.ActivityTaskStartedEventAttributes is not null);
        Assert.Equal(2, started.ActivityTaskStartedEventAttributes.Attempt);
    }

    [Fact]
    public async Task WorkerDiesHoldingWorkflowTask_RedispatchedAfterTaskTimeout()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var handle = await server.Client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(10),
            new(DevServerFixture.NewWorkflowId(), queue) { TaskTimeout = TimeSpan.FromSeconds(1) });
        var held = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new() { Name = queue },
            Identity = "worker-that-dies",
        });
        Assert.False(held.TaskToken.IsEmpty);

        using var worker = server.NewWorker(o => o.AddWorkflow<TimerWorkflow>(), queue);
        await worker.ExecuteAsync(() => handle.GetResultAsync());
        var history = await handle.FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.WorkflowTaskTimedOutEventAttributes is not null);
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }
}
