using Release.DevServer.Engine;
using Release.DevServer.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// The real server's limits, as an SDK meets them: the same error codes and messages, the same workflow
/// task failure causes and terminations. Default limits on the shared server; small configured ones on
/// a server of the test's own.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class LimitsTests(DevServerFixture server)
{
    private const int ThreeMiB = 3 * 1024 * 1024;

    [Fact]
    public async Task Start_InputOverBlobLimit_IsRefusedWithTheRealError()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.StartWorkflowAsync(
            (PayloadEchoWorkflow wf) => wf.RunAsync(new string('x', ThreeMiB)),
            new(DevServerFixture.NewWorkflowId("big-input"), DevServerFixture.NewTaskQueue())));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Blob data size exceeds limit.", error.Message);
    }

    [Fact]
    public async Task Start_MemoOverLimit_IsRefusedWithTheRealError()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.StartWorkflowAsync(
            (PayloadEchoWorkflow wf) => wf.RunAsync("small"),
            new(DevServerFixture.NewWorkflowId("big-memo"), DevServerFixture.NewTaskQueue())
            {
                Memo = new Dictionary<string, object> { ["notes"] = new string('m', ThreeMiB) },
            }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Memo size exceeds limit.", error.Message);
    }

    [Fact]
    public async Task Start_WorkflowIdOverLengthLimit_IsRefused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.StartWorkflowAsync(
            (PayloadEchoWorkflow wf) => wf.RunAsync("small"),
            new(new string('w', 1001), DevServerFixture.NewTaskQueue())));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("WorkflowId exceeds length limit.", error.Message);
    }

    [Fact]
    public async Task Signal_InputOverBlobLimit_IsRefusedAndNothingIsRecorded()
    {
        var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1),
            new(DevServerFixture.NewWorkflowId("big-signal"), DevServerFixture.NewTaskQueue()));
        var error = await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync(wf => wf.AddAsync(new string('s', ThreeMiB))));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Blob data size exceeds limit.", error.Message);
        var history = await handle.FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task Request_OverGrpcMessageLimit_IsResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.StartWorkflowAsync(
            (PayloadEchoWorkflow wf) => wf.RunAsync(new string('x', 5 * 1024 * 1024)),
            new(DevServerFixture.NewWorkflowId("huge-input"), DevServerFixture.NewTaskQueue())));
        Assert.Equal(RpcException.StatusCode.ResourceExhausted, error.Code);
    }

    [Fact]
    public async Task WorkflowResultOverBlobLimit_FailsTheTaskAndTerminatesTheRun()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<PayloadEchoWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((PayloadEchoWorkflow wf) => wf.RunAsync(new string('r', 1536 * 1024)),
                new(DevServerFixture.NewWorkflowId("big-result"), worker.Options.TaskQueue!));
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(error.InnerException);

            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            var taskFailed = Assert.Single(events, e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
            // The real server names the activity cause for an oversized workflow result.
            Assert.Equal(WorkflowTaskFailedCause.BadScheduleActivityAttributes, taskFailed.Cause);
            Assert.Equal("CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.", taskFailed.Failure.Message);
            var terminated = events[^1].WorkflowExecutionTerminatedEventAttributes;
            Assert.Equal(
                "WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES: CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.",
                terminated.Reason);
            Assert.Equal("history-service", terminated.Identity);
            Assert.DoesNotContain(events, e => e.EventType == EventType.WorkflowExecutionCompleted);
        });
    }

    [Fact]
    public async Task ActivityResultOverBlobLimit_FailsTheActivityWithoutRetry()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<LargeActivityResultWorkflow>().AddAllActivities(new LimitsActivities()));
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((LargeActivityResultWorkflow wf) => wf.RunAsync(ThreeMiB, false),
                new(DevServerFixture.NewWorkflowId("big-activity-result"), worker.Options.TaskQueue!));
            Assert.Equal("Complete result exceeds size limit.", await handle.GetResultAsync());

            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            var failed = Assert.Single(events, e => e.EventType == EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes;
            Assert.Equal(RetryState.NonRetryableFailure, failed.RetryState);
            Assert.True(failed.Failure.ServerFailureInfo.NonRetryable);
            Assert.Equal(1, Assert.Single(events, e => e.EventType == EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes.Attempt);
        });
    }

    [Fact]
    public async Task ActivityHeartbeatOverBlobLimit_FailsTheActivity()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<LargeActivityResultWorkflow>().AddAllActivities(new LimitsActivities()));
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((LargeActivityResultWorkflow wf) => wf.RunAsync(ThreeMiB, true),
                new(DevServerFixture.NewWorkflowId("big-heartbeat"), worker.Options.TaskQueue!));
            Assert.Equal("Heartbeat details exceed size limit.", await handle.GetResultAsync());
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            var failed = Assert.Single(events, e => e.EventType == EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes;
            Assert.Equal(RetryState.NonRetryableFailure, failed.RetryState);
        });
    }

    [Fact]
    public async Task PendingActivities_OneOverTheLimit_FailsTheTaskWithTheRealCause()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ManyPendingActivitiesWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((ManyPendingActivitiesWorkflow wf) => wf.RunAsync(2001),
                new(DevServerFixture.NewWorkflowId("pending-2001"), worker.Options.TaskQueue!));
            var failed = await WaitForEventAsync(handle, EventType.WorkflowTaskFailed);
            Assert.Equal(WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, failed.WorkflowTaskFailedEventAttributes.Cause);
            Assert.Equal("the number of pending activities, 2000, has reached the per-workflow limit of 2000",
                failed.WorkflowTaskFailedEventAttributes.Failure.Message);
            // The whole task is refused: none of its activities was scheduled, and the run goes on.
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            Assert.DoesNotContain(events, e => e.EventType == EventType.ActivityTaskScheduled);
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            await handle.TerminateAsync("test done");
        });
    }

    [Fact]
    public async Task PendingActivities_AtTheLimit_AreAllScheduled()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ManyPendingActivitiesWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((ManyPendingActivitiesWorkflow wf) => wf.RunAsync(2000),
                new(DevServerFixture.NewWorkflowId("pending-2000"), worker.Options.TaskQueue!));
            await ChildWorkflowTests.WaitUntilAsync(async () => (await server.DescribeRawAsync(handle.Id)).PendingActivities.Count == 2000);
            Assert.DoesNotContain((await handle.FetchHistoryAsync()).Events, e => e.EventType == EventType.WorkflowTaskFailed);
            await handle.TerminateAsync("test done");
        });
    }

    [Fact]
    public async Task HistoryCountOverConfiguredLimit_TerminatesTheRun()
    {
        await using var small = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            Limits = new ServerLimits { HistoryCountError = 40 },
        });
        var client = await TemporalClient.ConnectAsync(new(small.Address));
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(DevServerFixture.NewTaskQueue()).AddWorkflow<TimerLoopWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((TimerLoopWorkflow wf) => wf.RunAsync(false),
                new(DevServerFixture.NewWorkflowId("history-count"), worker.Options.TaskQueue!));
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(error.InnerException);
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            var terminated = events[^1].WorkflowExecutionTerminatedEventAttributes;
            Assert.Equal("Workflow history count exceeds limit.", terminated.Reason);
            Assert.Equal("history-service", terminated.Identity);
            // Terminated at the first task that took it over the limit.
            Assert.InRange(events.Count, 41, 48);
        });
    }

    [Fact]
    public async Task HistorySizeOverConfiguredLimit_TerminatesTheRun()
    {
        await using var small = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            Limits = new ServerLimits { HistorySizeError = 8 * 1024 },
        });
        var client = await TemporalClient.ConnectAsync(new(small.Address));
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(DevServerFixture.NewTaskQueue()).AddWorkflow<TimerLoopWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((TimerLoopWorkflow wf) => wf.RunAsync(false),
                new(DevServerFixture.NewWorkflowId("history-size"), worker.Options.TaskQueue!));
            await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            var events = (await handle.FetchHistoryAsync()).Events.ToList();
            Assert.Equal("Workflow history size exceeds limit.", events[^1].WorkflowExecutionTerminatedEventAttributes.Reason);
            var described = await client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = handle.Id } });
            Assert.InRange(described.WorkflowExecutionInfo.HistorySizeBytes, 8 * 1024, 10 * 1024);
        });
    }

    [Fact]
    public async Task Signal_ToAFullHistory_TerminatesTheRunAndIsRefused()
    {
        await using var small = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            Limits = new ServerLimits { HistoryCountError = 10 },
        });
        var client = await TemporalClient.ConnectAsync(new(small.Address));
        // No worker: the history is the start, its first task and one event per signal.
        var handle = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(100),
            new(DevServerFixture.NewWorkflowId("signal-full"), DevServerFixture.NewTaskQueue()));
        RpcException? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                await handle.SignalAsync(wf => wf.AddAsync($"s{i}"));
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Equal("Workflow history count exceeds limit.", refused.Message);
        var events = (await handle.FetchHistoryAsync()).Events.ToList();
        Assert.Equal(8, events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        Assert.Equal("Workflow history count exceeds limit.", events[^1].WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task SuggestContinueAsNew_FromTheConfiguredHistoryLength()
    {
        await using var small = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            Limits = new ServerLimits { HistoryCountSuggestContinueAsNew = 25 },
        });
        var client = await TemporalClient.ConnectAsync(new(small.Address));
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(DevServerFixture.NewTaskQueue()).AddWorkflow<TimerLoopWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((TimerLoopWorkflow wf) => wf.RunAsync(true),
                new(DevServerFixture.NewWorkflowId("suggest-can"), worker.Options.TaskQueue!));
            var suggestedAt = await handle.GetResultAsync();
            Assert.InRange(suggestedAt, 25, 31);
            var started = (await handle.FetchHistoryAsync()).Events
                .Where(e => e.EventType == EventType.WorkflowTaskStarted)
                .Select(e => (e.EventId, e.WorkflowTaskStartedEventAttributes.SuggestContinueAsNew))
                .ToList();
            Assert.All(started, s => Assert.Equal(s.EventId >= 25, s.SuggestContinueAsNew));
        });
    }

    [Fact]
    public void Defaults_AreTheRealServers()
    {
        var limits = new ServerLimits();
        Assert.Equal(2 * 1024 * 1024, limits.BlobSizeError);
        Assert.Equal(512 * 1024, limits.BlobSizeWarn);
        Assert.Equal(51_200, limits.HistoryCountError);
        Assert.Equal(50 * 1024 * 1024, limits.HistorySizeError);
        Assert.Equal(4096, limits.HistoryCountSuggestContinueAsNew);
        Assert.Equal(4 * 1024 * 1024, limits.HistorySizeSuggestContinueAsNew);
        Assert.Equal(2000, limits.NumPendingActivities);
        Assert.Equal(1000, limits.MaxIdLength);
    }

    [Fact]
    public void CommandLine_LimitFlags_AreTheDynamicConfigKeys()
    {
        Assert.Null(DevServerCommandLine.TryParse(
            ["--limit.blobSize.error", "100", "--limit.historyCount.suggestContinueAsNew=7", "--limit.numPendingActivities.error", "0"],
            out var options));
        Assert.Equal(100, options.Limits.BlobSizeError);
        Assert.Equal(7, options.Limits.HistoryCountSuggestContinueAsNew);
        Assert.Equal(0, options.Limits.NumPendingActivities);

        Assert.Equal("--limit.blobSize.error needs a whole number (0 turns the limit off), got 'lots'",
            DevServerCommandLine.TryParse(["--limit.blobSize.error", "lots"], out _));
        Assert.Equal("unknown flag '--limit.blobSize.eror'; did you mean --limit.blobSize.error?",
            DevServerCommandLine.TryParse(["--limit.blobSize.eror", "1"], out _));
    }

    private static async Task<HistoryEvent> WaitForEventAsync(WorkflowHandle handle, EventType type)
    {
        HistoryEvent? found = null;
        await ChildWorkflowTests.WaitUntilAsync(async () =>
        {
            found = (await handle.FetchHistoryAsync()).Events.FirstOrDefault(e => e.EventType == type);
            return found is not null;
        });
        return found!;
    }
}
