using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>Overlap policies: what a schedule does with an action while the workflow it started still runs.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ScheduleOverlapTests(DevServerFixture server)
{
    [Fact]
    public async Task Overlap_Skip_IntervalActionsSkippedWhileRunning()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledBlockingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                BlockingAction("skip", worker.Options.TaskQueue!), Every(TimeSpan.FromSeconds(1))));

            var description = await WaitForAsync(handle, d => d.Info.NumActionsSkippedOverlap >= 2);

            Assert.Equal(1, description.Info.NumActions);
            var running = Assert.Single(Running(description));
            Assert.Equal(WorkflowIdOf(description.Info.RecentActions.Single()), running.WorkflowId);
            await handle.DeleteAsync();
            await server.Client.GetWorkflowHandle(running.WorkflowId).TerminateAsync("test over");
        });
    }

    [Fact]
    public async Task Overlap_BufferOne_KeepsOneAndStartsItWhenTheRunningOneCloses()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledBlockingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                BlockingAction("buffer-one", worker.Options.TaskQueue!), Yearly())
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.BufferOne },
            });
            await handle.TriggerAsync();
            var first = Running(await WaitForAsync(handle, d => d.Info.RunningActions.Count == 1)).Single();
            await handle.TriggerAsync();
            await handle.TriggerAsync();

            var waiting = await WaitForAsync(handle, d => d.Info.NumActionsSkippedOverlap == 1);
            Assert.Equal(1, (await RawAsync(server.Client, handle)).Info.BufferSize);
            Assert.Equal(1, waiting.Info.NumActions);

            await server.Client.GetWorkflowHandle<ScheduledBlockingWorkflow>(first.WorkflowId, first.FirstExecutionRunId).SignalAsync(wf => wf.FinishAsync());
            var after = await WaitForAsync(handle, d => d.Info.NumActions == 2 && d.Info.RunningActions.Count == 1);
            var raw = await RawAsync(server.Client, handle);
            Assert.Equal(0, raw.Info.BufferSize);
            Assert.NotEqual(first.FirstExecutionRunId, Running(after).Single().FirstExecutionRunId);
            Assert.Equal(WorkflowExecutionStatus.Completed, raw.Info.RecentActions[0].StartWorkflowStatus);
            await handle.DeleteAsync();
            await server.Client.GetWorkflowHandle(Running(after).Single().WorkflowId).TerminateAsync("test over");
        });
    }

    [Fact]
    public async Task Overlap_AllowAll_StartsEveryIntervalActionAlongsideTheOthers()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledBlockingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = NewScheduleId();
            var handle = await server.Client.CreateScheduleAsync(id, new Schedule(
                BlockingAction("allow-all", worker.Options.TaskQueue!), Every(TimeSpan.FromSeconds(1)))
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.AllowAll },
            });

            var description = await WaitForAsync(handle, d => d.Info.NumActions >= 3);
            await handle.DeleteAsync();

            Assert.Equal(0, description.Info.NumActionsSkippedOverlap);
            // Allow-all runs are not tracked as the schedule's running workflow, as in the real server.
            Assert.Empty(description.Info.RunningActions);
            var runs = await ScheduledRunsAsync(server.Client, id);
            Assert.True(runs.Count(r => r.Status == WorkflowExecutionStatus.Running) >= 3);
            foreach (var run in runs)
            {
                await server.Client.GetWorkflowHandle(run.Id).TerminateAsync("test over");
            }
        });
    }

    [Theory]
    [InlineData(ScheduleOverlapPolicy.CancelOther, WorkflowExecutionStatus.Canceled)]
    [InlineData(ScheduleOverlapPolicy.TerminateOther, WorkflowExecutionStatus.Terminated)]
    public async Task Overlap_CancelOrTerminateOther_ClosesTheRunningOneThenStarts(ScheduleOverlapPolicy policy, WorkflowExecutionStatus closedAs)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledBlockingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                BlockingAction($"other-{policy}", worker.Options.TaskQueue!), Yearly())
            {
                Policy = new SchedulePolicy { Overlap = policy },
            });
            await handle.TriggerAsync();
            var first = Running(await WaitForAsync(handle, d => d.Info.RunningActions.Count == 1)).Single();

            await handle.TriggerAsync();

            var after = await WaitForAsync(handle, d => d.Info.NumActions == 2 && d.Info.RunningActions.Count == 1);
            var old = await server.Client.GetWorkflowHandle(first.WorkflowId, first.FirstExecutionRunId).DescribeAsync();
            Assert.Equal(closedAs, old.Status);
            Assert.Equal(0, after.Info.NumActionsSkippedOverlap);
            var history = await server.Client.GetWorkflowHandle(first.WorkflowId, first.FirstExecutionRunId).FetchHistoryAsync();
            if (policy == ScheduleOverlapPolicy.TerminateOther)
            {
                Assert.Equal("terminated by schedule overlap policy", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
            }
            else
            {
                Assert.Contains(history.Events, e => e.WorkflowExecutionCancelRequestedEventAttributes?.Cause == "cancelled by schedule overlap policy");
            }
            await handle.DeleteAsync();
            await server.Client.GetWorkflowHandle(Running(after).Single().WorkflowId).TerminateAsync("test over");
        });
    }
}
