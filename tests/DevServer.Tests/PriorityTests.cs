using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;

namespace DevServer.Tests;

/// <summary>Priority from the SDK's options copied into events and describe; backlogs served lowest key first.</summary>
[Collection(DevServerCollection.Name)]
public sealed class PriorityTests(DevServerFixture server)
{
    [Fact]
    public async Task Priority_OnStartAndActivity_CopiedIntoEventsPollAndDescribe()
    {
        var activities = new ControlledActivities { KeepFailing = false };
        using var worker = server.NewWorker(o => o.AddWorkflow<ControlledActivityWorkflow>().AddAllActivities(activities));
        await worker.ExecuteAsync(async () =>
        {
            var call = new ControlledCall("fail-until-released") { Priority = new Priority(priorityKey: 5, fairnessKey: "tenant-b") };
            var handle = await server.Client.StartWorkflowAsync((ControlledActivityWorkflow wf) => wf.RunAsync(call),
                new(DevServerFixture.NewWorkflowId("priority"), worker.Options.TaskQueue!)
                {
                    Priority = new Priority(priorityKey: 1, fairnessKey: "tenant-a", fairnessWeight: 2),
                });
            await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var events = (await handle.FetchHistoryAsync()).Events;
            var started = events.First().WorkflowExecutionStartedEventAttributes.Priority;
            Assert.Equal(1, started.PriorityKey);
            Assert.Equal("tenant-a", started.FairnessKey);
            Assert.Equal(2, started.FairnessWeight);
            var scheduled = events.Single(e => e.EventType == EventType.ActivityTaskScheduled).ActivityTaskScheduledEventAttributes.Priority;
            Assert.Equal(5, scheduled.PriorityKey);
            Assert.Equal("tenant-b", scheduled.FairnessKey);
            var described = await server.DescribeRawAsync(handle.Id);
            Assert.Equal(1, described.WorkflowExecutionInfo.Priority.PriorityKey);
        });
    }

    [Fact]
    public async Task Backlog_LowerPriorityKeyDispatchedFirst_UnsetCountsAsThree()
    {
        var queue = DevServerFixture.NewTaskQueue();
        async Task<string> StartAsync(int? key)
        {
            var handle = await server.Client.StartWorkflowAsync((ControlledActivityWorkflow wf) => wf.RunAsync(new ControlledCall("x")),
                new(DevServerFixture.NewWorkflowId($"p{key}"), queue) { Priority = key is { } k ? new Priority(priorityKey: k) : null });
            return handle.Id;
        }
        var low = await StartAsync(5);
        var unset = await StartAsync(null);
        var high = await StartAsync(1);

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var task = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(new()
            {
                Namespace = "default",
                TaskQueue = new() { Name = queue },
                Identity = "priority-test",
            });
            order.Add(task.WorkflowExecution.WorkflowId);
        }

        Assert.Equal([high, unset, low], order);
        foreach (var id in order)
        {
            await server.Client.GetWorkflowHandle(id).TerminateAsync();
        }
    }
}
