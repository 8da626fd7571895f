using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>Signals, signal-with-start, queries and updates.</summary>
[Collection(DevServerCollection.Name)]
public sealed class InteractionTests(DevServerFixture server)
{
    private async Task WithWorkerAsync(Func<string, Task> body)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<WaitForSignalWorkflow>());
        await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    private Task<WorkflowHandle<WaitForSignalWorkflow, List<string>>> StartAsync(string taskQueue, int expected) =>
        server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(expected), new(DevServerFixture.NewWorkflowId(), taskQueue));

    [Fact]
    public async Task Signals_FiveConcurrent_AllDeliveredInOneRun() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 5);
        await Task.WhenAll(Enumerable.Range(1, 5).Select(i => handle.SignalAsync(wf => wf.AddAsync($"s{i}"))));
        var result = await handle.GetResultAsync();
        Assert.Equal(["s1", "s2", "s3", "s4", "s5"], result.Order(StringComparer.Ordinal));
    });

    [Fact]
    public async Task Signal_ClosedWorkflow_ThrowsNotFound() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 1);
        await handle.SignalAsync(wf => wf.AddAsync("only"));
        await handle.GetResultAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync(wf => wf.AddAsync("late")));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    });

    [Fact]
    public async Task SignalWithStart_StartsThenSignalsExisting() => await WithWorkerAsync(async tq =>
    {
        var id = DevServerFixture.NewWorkflowId();
        WorkflowOptions Options()
        {
            var options = new WorkflowOptions(id, tq);
            options.SignalWithStart((WaitForSignalWorkflow wf) => wf.AddAsync("from-start"));
            return options;
        }
        var started = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(2), Options());
        var again = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(2), Options());
        Assert.Equal(started.ResultRunId, again.ResultRunId);
        Assert.Equal(["from-start", "from-start"], await started.GetResultAsync());
    });

    [Fact]
    public async Task Query_WhileRunningAndAfterCompletion() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 2);
        await handle.SignalAsync(wf => wf.AddAsync("a"));
        Assert.Equal(1, await handle.QueryAsync(wf => wf.Count));
        await handle.SignalAsync(wf => wf.AddAsync("b"));
        await handle.GetResultAsync();
        Assert.Equal(2, await handle.QueryAsync(wf => wf.Count));
    });

    [Fact]
    public async Task Query_HandlerThrows_QueryFailedException() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 1);
        var error = await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => handle.QueryAsync(wf => wf.Fail()));
        Assert.Contains("query refused", error.Message, StringComparison.Ordinal);
    });

    [Fact]
    public async Task Query_RejectConditionNotOpen_RejectsClosedWorkflow() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 1);
        await handle.SignalAsync(wf => wf.AddAsync("x"));
        await handle.GetResultAsync();
        var error = await Assert.ThrowsAsync<WorkflowQueryRejectedException>(() =>
            handle.QueryAsync(wf => wf.Count, new() { RejectCondition = QueryRejectCondition.NotOpen }));
        Assert.Equal(WorkflowExecutionStatus.Completed, error.WorkflowStatus);
    });

    [Fact]
    public async Task Update_Accepted_ReturnsResultAndWritesEvents() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 3);
        Assert.Equal(1, await handle.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("u1")));
        var updateHandle = await handle.StartUpdateAsync(wf => wf.AddAndCountAsync("u2"), new(WorkflowUpdateStage.Accepted));
        Assert.Equal(2, await updateHandle.GetResultAsync());
        await handle.SignalAsync(wf => wf.AddAsync("s"));
        await handle.GetResultAsync();
        var history = await handle.FetchHistoryAsync();
        Assert.Equal(2, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionUpdateAccepted));
        Assert.Equal(2, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionUpdateCompleted));
    });

    [Fact]
    public async Task Update_RejectedByValidator_LeavesNoEvent() => await WithWorkerAsync(async tq =>
    {
        var handle = await StartAsync(tq, 1);
        // A query is answered once the first workflow task has completed, so history is settled.
        await handle.QueryAsync(wf => wf.Count);
        var before = (await handle.FetchHistoryAsync()).Events.Count;
        var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("")));
        Assert.Contains("must not be empty", error.InnerException!.Message, StringComparison.Ordinal);
        var after = await handle.FetchHistoryAsync();
        Assert.Equal(before, after.Events.Count);
        await handle.SignalAsync(wf => wf.AddAsync("x"));
        Assert.Equal(["x"], await handle.GetResultAsync());
    });
}
