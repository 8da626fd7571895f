using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>
/// The workflow task created only to deliver an update: dropped without a trace when the update is
/// rejected, written to history (scheduled, started, failed) when it fails, then retried transiently.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class SpeculativeTaskTests(DevServerFixture server)
{
    [Fact]
    public async Task RejectedUpdate_OnIdleWorkflow_LeavesNoEventInHistory()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (CounterWorkflow wf) => wf.RunAsync(), new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!));
            await WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 1);
            var before = (await handle.FetchHistoryAsync()).Events.Count;

            await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync(-1)));

            Assert.Equal(before, (await handle.FetchHistoryAsync()).Events.Count);
            Assert.Null((await server.DescribeRawAsync(handle.Id)).PendingWorkflowTask);
            // The next update's task follows on from the same history.
            Assert.Equal(2, await handle.ExecuteUpdateAsync(wf => wf.AddAsync(2)));
            await handle.TerminateAsync();
        });
    }

    [Fact]
    public async Task UpdateThatFailsItsTask_WritesTheFailedTask_AndCompletesOnceTheWorkerIsFixed()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<FlakyUpdateWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var handle = await server.Client.StartWorkflowAsync(
                (FlakyUpdateWorkflow wf) => wf.RunAsync(), new(id, worker.Options.TaskQueue!));
            await WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 1);
            var firstTaskEnd = (await handle.FetchHistoryAsync()).Events.Count;
            FlakyUpdateWorkflow.FailTaskFor[id] = true;

            var update = handle.ExecuteUpdateAsync(wf => wf.BumpAsync());
            await WaitForEventAsync(handle, EventType.WorkflowTaskFailed, 1);
            FlakyUpdateWorkflow.FailTaskFor.TryRemove(id, out _);

            Assert.Equal(1, await update);
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            // The speculative task became a normal one: its scheduled, started and failed events follow the first task.
            Assert.Equal(
                [EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskFailed],
                events.Skip(firstTaskEnd).Take(3).Select(e => e.EventType));
            var failed = events[firstTaskEnd + 2].WorkflowTaskFailedEventAttributes;
            Assert.Equal(events[firstTaskEnd].EventId, failed.ScheduledEventId);
            Assert.Equal(events[firstTaskEnd + 1].EventId, failed.StartedEventId);
            Assert.Contains("bug in the update handler", failed.Failure.Message, StringComparison.Ordinal);
            // The retry that succeeded is attempt 2 or later, written only once it completed.
            var retryScheduled = events.Skip(firstTaskEnd + 3).First(e => e.EventType == EventType.WorkflowTaskScheduled);
            Assert.True(retryScheduled.WorkflowTaskScheduledEventAttributes.Attempt >= 2);
            Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
            await handle.TerminateAsync();
        });
    }

    internal static async Task WaitForEventAsync(WorkflowHandle handle, EventType type, int count)
    {
        await ChildWorkflowTests.WaitUntilAsync(async () =>
        {
            var history = await handle.FetchHistoryAsync();
            return history.Events.Count(e => e.EventType == type) >= count;
        });
    }
}
