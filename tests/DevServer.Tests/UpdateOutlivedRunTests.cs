using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>An accepted update whose workflow completes first resolves with the server's failure, not an RPC error.</summary>
[Collection(DevServerCollection.Name)]
public sealed class UpdateOutlivedRunTests(DevServerFixture server)
{
    [Fact]
    public async Task ExecuteUpdate_WorkflowCompletesFirst_FailsWithAcceptedUpdateCompletedWorkflow()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<UpdateOutlivedWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (UpdateOutlivedWorkflow wf) => wf.RunAsync(), new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!));

            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(
                () => handle.ExecuteUpdateAsync(wf => wf.WaitForeverAsync()));

            var cause = Assert.IsType<ApplicationFailureException>(error.InnerException);
            Assert.Equal("AcceptedUpdateCompletedWorkflow", cause.ErrorType);
            Assert.Equal("Workflow Update failed because the Workflow completed before the Update completed.", cause.Message);
            Assert.Equal("done", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        });
    }

    [Fact]
    public async Task PollAcceptedUpdate_AfterRunCompleted_GetsTheSameFailure()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<UpdateOutlivedWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (UpdateOutlivedWorkflow wf) => wf.RunAsync(), new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!));
            var update = await handle.StartUpdateAsync(wf => wf.WaitForeverAsync(), new(WorkflowUpdateStage.Accepted));
            await handle.GetResultAsync();

            // A fresh handle polls the stored outcome after the run has closed.
            var later = handle.GetUpdateHandle<string>(update.Id);
            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => later.GetResultAsync());
            Assert.Equal("AcceptedUpdateCompletedWorkflow", Assert.IsType<ApplicationFailureException>(error.InnerException).ErrorType);
        });
    }
}
