using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>Pause, trigger, backfill, update, limited actions, pause on failure and delete, through the SDK.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ScheduleLifecycleTests(DevServerFixture server)
{
    [Fact]
    public async Task PauseAndUnpause_SetStateAndNote_PausedScheduleTakesNoActions()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                GreetingAction("paused", worker.Options.TaskQueue!), Every(TimeSpan.FromSeconds(1)))
            {
                State = new ScheduleState { Paused = true, Note = "held at creation" },
            });
            var paused = await handle.DescribeAsync();
            Assert.True(paused.Schedule.State.Paused);
            Assert.Equal("held at creation", paused.Schedule.State.Note);

            await handle.UnpauseAsync("go");
            await WaitForAsync(handle, d => d.Info.NumActions >= 1);
            await handle.PauseAsync("hold on");

            // The last interval run finishes first: a trigger that overlaps it would be skipped (overlap policy Skip).
            var held = await WaitForAsync(handle, d => d.Info.RunningActions.Count == 0);
            Assert.True(held.Schedule.State.Paused);
            Assert.Equal("hold on", held.Schedule.State.Note);
            var count = held.Info.NumActions;
            // A trigger still acts on a paused schedule; the interval does not.
            await handle.TriggerAsync();
            var triggered = await WaitForAsync(handle, d => d.Info.NumActions == count + 1);
            await handle.UnpauseAsync();
            Assert.Equal("Unpaused via .NET SDK", (await handle.DescribeAsync()).Schedule.State.Note);
            Assert.Equal(0, triggered.Info.NumActionsMissedCatchupWindow);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task Backfill_PastRange_StartsEveryMatchingTimeWithItsNominalId()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                GreetingAction("backfill", worker.Options.TaskQueue!), new ScheduleSpec { CronExpressions = ["* * * * *"] })
            {
                State = new ScheduleState { Paused = true },
            });
            var now = DateTime.UtcNow;
            var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(-10);

            // Long past the catchup window of one minute: backfills ignore it.
            await handle.BackfillAsync([new ScheduleBackfill(start, start.AddMinutes(5), ScheduleOverlapPolicy.AllowAll)]);

            var description = await WaitForAsync(handle, d => d.Info.NumActions == 6);
            var ids = description.Info.RecentActions.Select(WorkflowIdOf).ToList();
            Assert.Equal(Enumerable.Range(0, 6).Select(i => $"backfill-{start.AddMinutes(i):yyyy-MM-dd'T'HH:mm:ss'Z'}"), ids);
            Assert.Equal(0, description.Info.NumActionsMissedCatchupWindow);
            foreach (var id in ids)
            {
                Assert.Equal("hello ci", await server.Client.GetWorkflowHandle(id).GetResultAsync<string>());
            }
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task UpdateSchedule_ChangedAction_NextActionUsesIt()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var tq = worker.Options.TaskQueue!;
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(GreetingAction("before", tq), Yearly()));
            var token = (await RawAsync(server.Client, handle)).ConflictToken;

            await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
            {
                Action = ScheduleActionStartWorkflow.Create((ScheduledGreetingWorkflow wf) => wf.RunAsync("updated"), new(id: "after", taskQueue: tq)),
                Policy = new SchedulePolicy { CatchupWindow = TimeSpan.FromMinutes(5) },
            }));
            await handle.TriggerAsync();

            var description = await WaitForAsync(handle, d => d.Info.NumActions == 1);
            var workflowId = WorkflowIdOf(description.Info.RecentActions.Single());
            Assert.StartsWith("after-", workflowId, StringComparison.Ordinal);
            Assert.Equal("hello updated", await server.Client.GetWorkflowHandle(workflowId).GetResultAsync<string>());
            Assert.Equal(TimeSpan.FromMinutes(5), description.Schedule.Policy.CatchupWindow);
            Assert.NotNull(description.Info.LastUpdatedAt);
            Assert.NotEqual(token, (await RawAsync(server.Client, handle)).ConflictToken);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task LimitedActions_TwoRemaining_StopsAfterTwo()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                GreetingAction("limited", worker.Options.TaskQueue!), Every(TimeSpan.FromSeconds(1)))
            {
                State = new ScheduleState { LimitedActions = true, RemainingActions = 2 },
            });

            var description = await WaitForAsync(handle, d => d.Schedule.State.RemainingActions == 0);

            Assert.Equal(2, description.Info.NumActions);
            Assert.Empty(description.Info.NextActionTimes);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task PauseOnFailure_FailedRun_PausesWithTheFailureInTheNote()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledFailingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(
                ScheduleActionStartWorkflow.Create((ScheduledFailingWorkflow wf) => wf.RunAsync(), new(id: "failing", taskQueue: worker.Options.TaskQueue!)),
                Yearly())
            {
                Policy = new SchedulePolicy { PauseOnFailure = true },
            });

            await handle.TriggerAsync();

            var description = await WaitForAsync(handle, d => d.Schedule.State.Paused);
            var workflowId = WorkflowIdOf(description.Info.RecentActions.Single());
            Assert.Equal($"paused due to workflow failure: {workflowId}: collection broke", description.Schedule.State.Note);
            Assert.Equal(WorkflowExecutionStatus.Failed, (await RawAsync(server.Client, handle)).Info.RecentActions[0].StartWorkflowStatus);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task DeleteSchedule_ThenDescribe_NotFoundAndNoMoreActions()
    {
        var id = NewScheduleId();
        var handle = await server.Client.CreateScheduleAsync(id, new Schedule(GreetingAction("deleted", "tq-none"), Yearly()));

        await handle.DeleteAsync();

        var missing = await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
        Assert.Equal($"workflow not found for ID: temporal-sys-scheduler:{id}", missing.Message);
        var again = await Assert.ThrowsAsync<RpcException>(() => handle.DeleteAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, again.Code);
        // The id is free again once deleted.
        var recreated = await server.Client.CreateScheduleAsync(id, new Schedule(GreetingAction("deleted", "tq-none"), Yearly()));
        await recreated.DeleteAsync();
    }

    [Fact]
    public async Task CreateSchedule_DuplicateId_ScheduleAlreadyRunning()
    {
        var id = NewScheduleId();
        var handle = await server.Client.CreateScheduleAsync(id, new Schedule(GreetingAction("dup", "tq-none"), Yearly()));

        await Assert.ThrowsAsync<ScheduleAlreadyRunningException>(() =>
            server.Client.CreateScheduleAsync(id, new Schedule(GreetingAction("dup", "tq-none"), Yearly())));

        var rpc = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.CreateScheduleAsync(new()
        {
            Namespace = "default",
            ScheduleId = id,
            RequestId = Guid.NewGuid().ToString(),
            Schedule = new() { Spec = new() { CronString = { "0 0 1 1 *" } } },
        }));
        Assert.Equal(RpcException.StatusCode.AlreadyExists, rpc.Code);
        Assert.Equal($"schedule \"{id}\" is already registered", rpc.Message);
        await handle.DeleteAsync();
    }

    [Theory]
    [InlineData("61 * * * *", "Invalid schedule spec: Minute is not in range [0-59]")]
    [InlineData("* * *", "Invalid schedule spec: CronString does not have 5-7 fields")]
    [InlineData("CRON_TZ=Mars/Olympus 0 * * * *", "Invalid schedule spec: unknown time zone Mars/Olympus")]
    public async Task CreateSchedule_InvalidCron_InvalidArgument(string cron, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.CreateScheduleAsync(NewScheduleId(),
            new Schedule(GreetingAction("bad", "tq-none"), new ScheduleSpec { CronExpressions = [cron] })));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task CreateSchedule_IntervalPhaseNotBelowInterval_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.CreateScheduleAsync(NewScheduleId(),
            new Schedule(GreetingAction("bad", "tq-none"), new ScheduleSpec { Intervals = [new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1))] })));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid schedule spec: phase cannot be greater than Interval", error.Message);
    }
}
