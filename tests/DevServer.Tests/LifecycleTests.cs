using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>Timers, failure, cancellation, termination, continue-as-new and workflow run timeouts.</summary>
[Collection(DevServerCollection.Name)]
public sealed class LifecycleTests(DevServerFixture server)
{
    private async Task<T> WithWorkerAsync<T>(Func<string, Task<T>> body)
    {
        using var worker = server.NewWorker(o => o
            .AddWorkflow<WaitForSignalWorkflow>().AddWorkflow<TimerWorkflow>().AddWorkflow<CountdownWorkflow>().AddWorkflow<FailingWorkflow>());
        return await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    [Fact]
    public async Task Timer_OneSecond_FiresAfterItsDuration()
    {
        var elapsed = await WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (TimerWorkflow wf) => wf.RunAsync(1000), new(DevServerFixture.NewWorkflowId(), tq)));
        Assert.InRange(int.Parse(elapsed, System.Globalization.CultureInfo.InvariantCulture), 1000, 3000);
    }

    [Fact]
    public async Task Failure_WorkflowThrows_FailedWithApplicationFailure()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(async tq =>
        {
            await server.Client.ExecuteWorkflowAsync((FailingWorkflow wf) => wf.RunAsync("it broke"), new(DevServerFixture.NewWorkflowId(), tq));
            return 0;
        }));
        var failure = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("it broke", failure.Message);
        Assert.Equal("Boom", failure.ErrorType);
    }

    [Fact]
    public async Task Cancel_RunningWorkflow_EndsCanceled()
    {
        var status = await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(DevServerFixture.NewWorkflowId(), tq));
            await handle.CancelAsync();
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<CanceledFailureException>(error.InnerException);
            return (await handle.DescribeAsync()).Status;
        });
        Assert.Equal(WorkflowExecutionStatus.Canceled, status);
    }

    [Fact]
    public async Task Terminate_RunningWorkflow_EndsTerminatedWithReason()
    {
        var reason = await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(DevServerFixture.NewWorkflowId(), tq));
            await handle.TerminateAsync("operator said so");
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(error.InnerException);
            var history = await handle.FetchHistoryAsync();
            return history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason;
        });
        Assert.Equal("operator said so", reason);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_ResultFromLastRunAndChainLinked()
    {
        var id = DevServerFixture.NewWorkflowId();
        var (result, firstRunHistory) = await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(3, ""), new(id, tq));
            var result = await handle.GetResultAsync();
            var first = await server.Client.GetWorkflowHandle(id, handle.ResultRunId).FetchHistoryAsync();
            return (result, first);
        });
        Assert.Equal("3,2,1,done", result);
        Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, firstRunHistory.Events.Last().EventType);
        var described = await server.Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Completed, described.Status);
    }

    [Fact]
    public async Task RunTimeout_WorkflowOutlivesIt_TimesOut()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq =>
            server.Client.ExecuteWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1),
                new(DevServerFixture.NewWorkflowId(), tq) { RunTimeout = TimeSpan.FromMilliseconds(500) })));
        Assert.IsType<TimeoutFailureException>(error.InnerException);
    }
}
