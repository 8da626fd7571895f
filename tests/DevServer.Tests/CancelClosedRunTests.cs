using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>Cancelling a run that already closed, as the real server answers it.</summary>
[Collection(DevServerCollection.Name)]
public sealed class CancelClosedRunTests(DevServerFixture server)
{
    [Fact]
    public async Task Cancel_CompletedRun_SucceedsAndChangesNothing()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<WaitForSignalWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (WaitForSignalWorkflow wf) => wf.RunAsync(0), new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            var before = (await handle.FetchHistoryAsync()).Events.Count;

            await handle.CancelAsync();

            var history = await handle.FetchHistoryAsync();
            Assert.Equal(before, history.Events.Count);
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
            Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Completed, (await server.DescribeRawAsync(handle.Id)).WorkflowExecutionInfo.Status);
        });
    }

    [Fact]
    public async Task Cancel_UnknownWorkflow_IsNotFound()
    {
        var handle = server.Client.GetWorkflowHandle(DevServerFixture.NewWorkflowId("missing"));
        var error = await Assert.ThrowsAsync<RpcException>(() => handle.CancelAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }
}
