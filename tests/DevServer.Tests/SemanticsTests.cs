using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Execution timeouts across runs, workflow retry policies, cron schedules, deletion, history size in describe.</summary>
[Collection(DevServerCollection.Name)]
public sealed class SemanticsTests(DevServerFixture server)
{
    private async Task<T> WithWorkerAsync<T>(Func<string, Task<T>> body)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<WaitForSignalWorkflow>().AddWorkflow<TimerWorkflow>()
            .AddWorkflow<CountdownWorkflow>().AddWorkflow<FailingWorkflow>().AddWorkflow<FlakyWorkflow>().AddWorkflow<CronCounterWorkflow>());
        return await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    private Task WithWorkerAsync(Func<string, Task> body) => WithWorkerAsync(async tq =>
    {
        await body(tq);
        return 0;
    });

    private async Task<List<HistoryEvent>> HistoryAsync(string workflowId, string runId) =>
        (await server.Client.GetWorkflowHandle(workflowId, runId).FetchHistoryAsync()).Events.ToList();

    private async Task<List<WorkflowExecution>> RunsAsync(string workflowId)
    {
        var runs = new List<WorkflowExecution>();
        await foreach (var run in server.Client.ListWorkflowsAsync($"WorkflowId = '{workflowId}' ORDER BY StartTime ASC"))
        {
            runs.Add(run);
        }
        return runs;
    }

    [Fact]
    public async Task ExecutionTimeout_SpansContinueAsNewChain_TimesOutLastRun()
    {
        var id = DevServerFixture.NewWorkflowId("exec-timeout");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (CountdownWorkflow wf) => wf.RunAsync(1_000_000, ""), new(id, tq) { ExecutionTimeout = TimeSpan.FromSeconds(2) })));
        Assert.IsType<TimeoutFailureException>(error.InnerException);
        var runs = await RunsAsync(id);
        Assert.True(runs.Count > 1, "the chain continued as new before the execution timeout");
        Assert.Equal(WorkflowExecutionStatus.TimedOut, runs[^1].Status);
        Assert.All(runs[..^1], r => Assert.Equal(WorkflowExecutionStatus.ContinuedAsNew, r.Status));
        Assert.InRange((runs[^1].CloseTime!.Value - runs[0].StartTime).TotalSeconds, 1.9, 5);
    }

    [Fact]
    public async Task RunTimeout_WithRetryPolicy_RetriesEachRunUntilAttemptsRunOut()
    {
        var id = DevServerFixture.NewWorkflowId("run-timeout");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (WaitForSignalWorkflow wf) => wf.RunAsync(1),
            new(id, tq)
            {
                RunTimeout = TimeSpan.FromMilliseconds(500),
                ExecutionTimeout = TimeSpan.FromSeconds(30),
                RetryPolicy = new() { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(100) },
            })));
        Assert.IsType<TimeoutFailureException>(error.InnerException);
        var runs = await RunsAsync(id);
        Assert.Equal(2, runs.Count);
        var first = await HistoryAsync(id, runs[0].RunId);
        var timedOut = first[^1].WorkflowExecutionTimedOutEventAttributes;
        Assert.Equal(RetryState.InProgress, timedOut.RetryState);
        Assert.Equal(runs[1].RunId, timedOut.NewExecutionRunId);
        var last = await HistoryAsync(id, runs[1].RunId);
        Assert.Equal(RetryState.MaximumAttemptsReached, last[^1].WorkflowExecutionTimedOutEventAttributes.RetryState);
    }

    [Fact]
    public async Task RetryPolicy_FailingRuns_RetriedWithBackoffAndAttempt()
    {
        var id = DevServerFixture.NewWorkflowId("wf-retry");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (FailingWorkflow wf) => wf.RunAsync("again"),
            new(id, tq) { RetryPolicy = new() { MaximumAttempts = 3, InitialInterval = TimeSpan.FromMilliseconds(100), BackoffCoefficient = 2 } })));
        Assert.Equal("again", error.InnerException!.Message);
        var runs = await RunsAsync(id);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(WorkflowExecutionStatus.Failed, r.Status));
        var third = (await HistoryAsync(id, runs[2].RunId))[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(3, third.Attempt);
        Assert.Equal(ContinueAsNewInitiator.Retry, third.Initiator);
        Assert.Equal(TimeSpan.FromMilliseconds(200), third.FirstWorkflowTaskBackoff.ToTimeSpan());
        Assert.Equal(runs[1].RunId, third.ContinuedExecutionRunId);
        Assert.Equal(runs[0].RunId, third.FirstExecutionRunId);
        Assert.Equal("again", third.ContinuedFailure.Message);
        var lastFailed = (await HistoryAsync(id, runs[2].RunId))[^1].WorkflowExecutionFailedEventAttributes;
        Assert.Equal(RetryState.MaximumAttemptsReached, lastFailed.RetryState);
    }

    [Fact]
    public async Task RetryPolicy_SecondAttemptSucceeds_ResultReachesCaller()
    {
        var attempt = await WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (FlakyWorkflow wf) => wf.RunAsync(),
            new(DevServerFixture.NewWorkflowId("flaky"), tq) { RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(50) } }));
        Assert.Equal(2, attempt);
    }

    [Fact]
    public async Task RetryPolicy_NonRetryableFailure_NotRetried()
    {
        var id = DevServerFixture.NewWorkflowId("non-retryable");
        await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (FailingWorkflow wf) => wf.RunAsync("fatal"),
            new(id, tq) { RetryPolicy = new() { NonRetryableErrorTypes = ["Boom"], InitialInterval = TimeSpan.FromMilliseconds(50) } })));
        var runs = await RunsAsync(id);
        var failed = (await HistoryAsync(id, Assert.Single(runs).RunId))[^1].WorkflowExecutionFailedEventAttributes;
        Assert.Equal(RetryState.NonRetryableFailure, failed.RetryState);
    }

    [Fact]
    public async Task CronSchedule_EverySecond_StartsRunsPassingLastResult()
    {
        var id = DevServerFixture.NewWorkflowId("cron");
        await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync((CronCounterWorkflow wf) => wf.RunAsync(),
                new(id, tq) { CronSchedule = "@every 1s" });
            await VisibilityTests.WaitUntilAsync(async () =>
                (await server.Client.CountWorkflowsAsync($"WorkflowId = '{id}' AND ExecutionStatus = 'Completed'")).Count >= 2);
            await handle.TerminateAsync("enough");
            return 0;
        });
        var runs = await RunsAsync(id);
        var first = await HistoryAsync(id, runs[0].RunId);
        Assert.True(first[0].WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(runs[1].RunId, first[^1].WorkflowExecutionCompletedEventAttributes.NewExecutionRunId);
        var second = (await HistoryAsync(id, runs[1].RunId))[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(ContinueAsNewInitiator.CronSchedule, second.Initiator);
        Assert.Equal("1", second.LastCompletionResult.Payloads_[0].Data.ToStringUtf8());
        Assert.Equal("@every 1s", second.CronSchedule);
    }

    [Fact]
    public async Task CronSchedule_Invalid_IsRejected()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.StartWorkflowAsync((CronCounterWorkflow wf) => wf.RunAsync(),
            new(DevServerFixture.NewWorkflowId(), DevServerFixture.NewTaskQueue()) { CronSchedule = "every tuesday" }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith("Invalid CronSchedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RunningWorkflow_TerminatedThenGone()
    {
        var id = DevServerFixture.NewWorkflowId("delete");
        var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(id, DevServerFixture.NewTaskQueue()));
        await server.Client.WorkflowService.DeleteWorkflowExecutionAsync(new() { Namespace = "default", WorkflowExecution = new() { WorkflowId = id } });
        var missing = await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
        Assert.Equal(0, (await server.Client.CountWorkflowsAsync($"WorkflowId = '{id}'")).Count);
        var again = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.DeleteWorkflowExecutionAsync(
            new() { Namespace = "default", WorkflowExecution = new() { WorkflowId = id } }));
        Assert.Equal(RpcException.StatusCode.NotFound, again.Code);
    }

    [Fact]
    public async Task Describe_ClosedWorkflow_ReportsHistoryLengthAndSize()
    {
        var id = DevServerFixture.NewWorkflowId("describe-size");
        await WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(10), new(id, tq)));
        var events = await HistoryAsync(id, "");
        var info = (await server.DescribeRawAsync(id)).WorkflowExecutionInfo;
        Assert.Equal(events.Count, info.HistoryLength);
        Assert.Equal(events.Sum(e => (long)e.CalculateSize()), info.HistorySizeBytes);
        Assert.NotNull(info.ExecutionDuration);
    }
}

[Workflow]
public sealed class FlakyWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync() => Workflow.Info.Attempt < 2
        ? throw new ApplicationFailureException("first attempt fails")
        : Task.FromResult(Workflow.Info.Attempt);
}

[Workflow]
public sealed class CronCounterWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync() =>
        Task.FromResult(Workflow.Info.LastResult is { Count: > 0 } last ? (int)Workflow.PayloadConverter.ToValue(last.First().Payload, typeof(int))! + 1 : 1);
}
