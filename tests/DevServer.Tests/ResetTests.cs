using Release.DevServer.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>ResetWorkflowExecution through the SDK's raw service client, against a worker.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ResetTests(DevServerFixture server)
{
    [Fact]
    public async Task Reset_ToFirstTaskCompleted_NewRunReplaysPrefixAndReappliesSignals()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, firstCompleted) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);
            var oldHistory = (await handle.FetchHistoryAsync()).Events.ToList();

            var response = await ResetAsync(server.Client, handle, firstCompleted, "try again");

            var old = await server.Client.GetWorkflowHandle(handle.Id, handle.ResultRunId).DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Terminated, old.Status);
            var terminated = (await server.Client.GetWorkflowHandle(handle.Id, handle.ResultRunId).FetchHistoryAsync()).Events.Last().WorkflowExecutionTerminatedEventAttributes;
            Assert.Equal("try again", terminated.Reason);
            Assert.Equal("history-resetter", terminated.Identity);

            var reset = server.Client.GetWorkflowHandle<SignalCollectorWorkflow>(handle.Id, response.RunId);
            await SpeculativeTaskTests.WaitForEventAsync(reset, EventType.WorkflowTaskCompleted, 1);
            var events = (await reset.FetchHistoryAsync()).Events.ToList();
            Assert.Equal(oldHistory.Take(3).Select(e => e.EventType), events.Take(3).Select(e => e.EventType));
            var failed = events[3].WorkflowTaskFailedEventAttributes;
            Assert.Equal(WorkflowTaskFailedCause.ResetWorkflow, failed.Cause);
            Assert.Equal("try again", failed.Failure.Message);
            Assert.Equal(handle.ResultRunId, failed.BaseRunId);
            Assert.Equal(response.RunId, failed.NewRunId);
            Assert.Equal(2, failed.ScheduledEventId);
            Assert.Equal(3, failed.StartedEventId);
            Assert.Equal("a", events[4].WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].Data.ToStringUtf8().Trim('"'));
            Assert.Equal(EventType.WorkflowTaskScheduled, events[5].EventType);

            await reset.SignalAsync(wf => wf.AddAsync("b"));
            Assert.Equal("a,b", await reset.GetResultAsync<string>());
        });
    }

    [Fact]
    public async Task Reset_SignalsExcluded_DropsSignalsAfterTheResetPoint()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, firstCompleted) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);

            var response = await ResetAsync(server.Client, handle, firstCompleted, "drop signals", excludeSignals: true);

            var reset = server.Client.GetWorkflowHandle<SignalCollectorWorkflow>(handle.Id, response.RunId);
            Assert.DoesNotContain((await reset.FetchHistoryAsync()).Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
            await reset.SignalAsync(wf => wf.AddAsync("x"));
            await reset.SignalAsync(wf => wf.AddAsync("y"));
            Assert.Equal("x,y", await reset.GetResultAsync<string>());
        });
    }

    [Fact]
    public async Task Reset_ToWorkflowTaskStarted_WritesAStartedEventForTheFailedTask()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, _) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);

            var response = await ResetAsync(server.Client, handle, 3, "to started");

            var events = (await server.Client.GetWorkflowHandle(handle.Id, response.RunId).FetchHistoryAsync()).Events.ToList();
            Assert.Equal(
                [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskFailed],
                events.Take(4).Select(e => e.EventType));
            Assert.Equal("history-service", events[2].WorkflowTaskStartedEventAttributes.Identity);
            Assert.Equal(3, events[3].WorkflowTaskFailedEventAttributes.StartedEventId);
            await server.Client.GetWorkflowHandle(handle.Id, response.RunId).TerminateAsync();
        });
    }

    [Fact]
    public async Task Reset_SameRequestId_ReturnsTheSameRun()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, firstCompleted) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);
            var requestId = Guid.NewGuid().ToString();

            var first = await ResetAsync(server.Client, handle, firstCompleted, "once", requestId: requestId);
            var again = await ResetAsync(server.Client, handle, firstCompleted, "once", requestId: requestId);

            Assert.Equal(first.RunId, again.RunId);
            var runs = await server.Client.ListWorkflowsAsync($"WorkflowId = '{handle.Id}'").ToListAsync();
            Assert.Equal(2, runs.Count);
            await server.Client.GetWorkflowHandle(handle.Id).TerminateAsync();
        });
    }

    [Fact]
    public async Task Describe_AfterReset_LinksTheRuns()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, firstCompleted) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);

            var response = await ResetAsync(server.Client, handle, firstCompleted, "links");

            var old = await DescribeAsync(handle.Id, handle.ResultRunId!);
            Assert.Equal(response.RunId, old.WorkflowExtendedInfo.ResetRunId);
            // One worker completed every task: one auto-reset point, at its first completed task.
            var point = Assert.Single(old.WorkflowExecutionInfo.AutoResetPoints.Points);
            Assert.Equal(firstCompleted, point.FirstWorkflowTaskCompletedId);
            Assert.Equal(handle.ResultRunId, point.RunId);
            Assert.True(point.Resettable);
            var reset = await DescribeAsync(handle.Id, response.RunId);
            Assert.NotNull(reset.WorkflowExtendedInfo.LastResetTime);
            Assert.Equal(old.WorkflowExtendedInfo.OriginalStartTime, reset.WorkflowExtendedInfo.OriginalStartTime);
            var started = (await server.Client.GetWorkflowHandle(handle.Id, response.RunId).FetchHistoryAsync()).Events.First();
            Assert.Equal(handle.ResultRunId, started.WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId);
            await server.Client.GetWorkflowHandle(handle.Id, response.RunId).TerminateAsync();
        });
    }

    [Fact]
    public async Task Reset_WithActivityOpenAtTheResetPoint_DispatchesItAgainInTheNewRun()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ActivityAcrossResetWorkflow>()
            .AddActivity(ActivityAcrossResetWorkflow.GatedRunIdAsync));
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var handle = await server.Client.StartWorkflowAsync(
                (ActivityAcrossResetWorkflow wf) => wf.RunAsync(), new(id, worker.Options.TaskQueue!));
            await SpeculativeTaskTests.WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 1);
            await handle.SignalAsync(wf => wf.GoAsync());
            await SpeculativeTaskTests.WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 2);
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            var secondCompleted = events.Where(e => e.EventType == EventType.WorkflowTaskCompleted).ElementAt(1).EventId;

            var response = await ResetAsync(server.Client, handle, secondCompleted, "activity open");
            var reset = server.Client.GetWorkflowHandle(id, response.RunId);
            await ChildWorkflowTests.WaitUntilAsync(async () =>
                (await server.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = id, RunId = response.RunId },
                })).PendingActivities.Count == 1);
            ActivityAcrossResetWorkflow.Gates.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

            Assert.Equal(response.RunId, await reset.GetResultAsync<string>());
            ActivityAcrossResetWorkflow.Gates.TryRemove(id, out _);
        });
    }

    [Theory]
    [InlineData(0L, "Workflow task finish ID must be > 1 && <= workflow last event ID.")]
    [InlineData(1L, "Workflow task finish ID must be > 1 && <= workflow last event ID.")]
    [InlineData(99L, "Workflow task finish ID must be > 1 && <= workflow last event ID.")]
    [InlineData(5L, "Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: 5")]
    public async Task Reset_BadEventId_IsInvalidArgument(long eventId, string message)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var (handle, _) = await StartWithOneSignalAsync(server.Client, worker.Options.TaskQueue!);

            var error = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(server.Client, handle, eventId, "bad"));

            Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
            Assert.Equal(message, error.Message);
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            await handle.TerminateAsync();
        });
    }

    [Fact]
    public async Task Reset_UnknownWorkflowOrNoRequestId_FailsLikeTheRealServer()
    {
        var missing = server.Client.GetWorkflowHandle(DevServerFixture.NewWorkflowId());
        var notFound = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(server.Client, missing, 4, "x"));
        Assert.Equal(RpcException.StatusCode.NotFound, notFound.Code);

        var noRequestId = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(server.Client, missing, 4, "x", requestId: ""));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, noRequestId.Code);
    }

    [Fact]
    public async Task Reset_WithDatabase_NewRunSurvivesARestart()
    {
        var directory = Directory.CreateTempSubdirectory("devserver-reset-").FullName;
        try
        {
            var options = new DevServerOptions
            {
                Port = 0,
                PollTimeout = TimeSpan.FromSeconds(5),
                DbFilename = Path.Combine(directory, "temporal.db"),
                VerifyPersistenceEachStep = true,
            };
            var taskQueue = DevServerFixture.NewTaskQueue();
            var workflowId = "";
            var resetRunId = "";
            IReadOnlyList<HistoryEvent> before;
            await using (var first = await TemporalDevServer.StartAsync(options))
            {
                var client = await TemporalClient.ConnectAsync(new(first.Address));
                using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<SignalCollectorWorkflow>());
                await worker.ExecuteAsync(async () =>
                {
                    var (handle, firstCompleted) = await StartWithOneSignalAsync(client, taskQueue);
                    workflowId = handle.Id;
                    resetRunId = (await ResetAsync(client, handle, firstCompleted, "before restart")).RunId;
                });
                before = (await client.GetWorkflowHandle(workflowId, resetRunId).FetchHistoryAsync()).Events.ToList();
            }
            await using (var second = await TemporalDevServer.StartAsync(options))
            {
                var client = await TemporalClient.ConnectAsync(new(second.Address));
                var reset = client.GetWorkflowHandle<SignalCollectorWorkflow>(workflowId, resetRunId);
                var after = (await reset.FetchHistoryAsync()).Events.ToList();
                Assert.Equal(before.Take(6).Select(e => e.EventType), after.Take(6).Select(e => e.EventType));
                var old = await client.WorkflowService.DescribeWorkflowExecutionAsync(new()
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = workflowId, RunId = after[3].WorkflowTaskFailedEventAttributes.BaseRunId },
                });
                Assert.Equal(resetRunId, old.WorkflowExtendedInfo.ResetRunId);
                using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<SignalCollectorWorkflow>());
                await worker.ExecuteAsync(async () =>
                {
                    await reset.SignalAsync(wf => wf.AddAsync("b"));
                    Assert.Equal("a,b", await reset.GetResultAsync<string>());
                });
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts a collector of two signals and sends it one, waiting until its task has handled it.</summary>
    private static async Task<(WorkflowHandle<SignalCollectorWorkflow> Handle, long FirstCompletedId)> StartWithOneSignalAsync(
        ITemporalClient client, string taskQueue)
    {
        var handle = await client.StartWorkflowAsync(
            (SignalCollectorWorkflow wf) => wf.RunAsync(2), new(DevServerFixture.NewWorkflowId(), taskQueue));
        await SpeculativeTaskTests.WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 1);
        await handle.SignalAsync(wf => wf.AddAsync("a"));
        await SpeculativeTaskTests.WaitForEventAsync(handle, EventType.WorkflowTaskCompleted, 2);
        var events = (await handle.FetchHistoryAsync()).Events.ToList();
        return (handle, events.First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId);
    }

    private static Task<ResetWorkflowExecutionResponse> ResetAsync(
        ITemporalClient client, WorkflowHandle handle, long eventId, string reason,
        bool excludeSignals = false, string? requestId = null) =>
        client.WorkflowService.ResetWorkflowExecutionAsync(new()
        {
            ResetReapplyExcludeTypes = { excludeSignals ? [ResetReapplyExcludeType.Signal] : Array.Empty<ResetReapplyExcludeType>() },
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = handle.Id, RunId = handle.ResultRunId ?? "" },
            WorkflowTaskFinishEventId = eventId,
            Reason = reason,
            RequestId = requestId ?? Guid.NewGuid().ToString(),
        });

    private Task<DescribeWorkflowExecutionResponse> DescribeAsync(string workflowId, string runId) =>
        server.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
        {
            Namespace = "default",
            Execution = new() { WorkflowId = workflowId, RunId = runId },
        });
}
