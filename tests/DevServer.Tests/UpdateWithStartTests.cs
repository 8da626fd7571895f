using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using WorkflowIdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy;

namespace DevServer.Tests;

/// <summary>Update-with-start (ExecuteMultiOperation) through the SDK, and its error shape on the wire.</summary>
[Collection(DevServerCollection.Name)]
public sealed class UpdateWithStartTests(DevServerFixture server)
{
    private static WithStartWorkflowOperation<WorkflowHandle<CounterWorkflow, int>> StartOperation(
        string id, string taskQueue, WorkflowIdConflictPolicy policy) =>
        WithStartWorkflowOperation.Create((CounterWorkflow wf) => wf.RunAsync(), new(id, taskQueue) { IdConflictPolicy = policy });

    [Fact]
    public async Task ExecuteUpdateWithStart_NoWorkflow_StartsItAndRunsTheUpdate()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var start = StartOperation(id, worker.Options.TaskQueue!, WorkflowIdConflictPolicy.UseExisting);

            var total = await server.Client.ExecuteUpdateWithStartWorkflowAsync((CounterWorkflow wf) => wf.AddAsync(5), new(start));

            Assert.Equal(5, total);
            var handle = await start.GetHandleAsync();
            Assert.False(string.IsNullOrEmpty(handle.ResultRunId));
            var history = await handle.FetchHistoryAsync();
            // The update rode on the new run's first workflow task.
            Assert.Equal(
                [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                 EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionUpdateAccepted, EventType.WorkflowExecutionUpdateCompleted],
                history.Events.Select(e => e.EventType));
            await handle.SignalAsync(wf => wf.FinishAsync());
            Assert.Equal(5, await handle.GetResultAsync());
        });
    }

    [Fact]
    public async Task ExecuteUpdateWithStart_UseExisting_UpdatesTheRunningWorkflow()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var existing = await server.Client.StartWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(), new(id, worker.Options.TaskQueue!));
            await existing.ExecuteUpdateAsync(wf => wf.AddAsync(2));
            var start = StartOperation(id, worker.Options.TaskQueue!, WorkflowIdConflictPolicy.UseExisting);

            var total = await server.Client.ExecuteUpdateWithStartWorkflowAsync((CounterWorkflow wf) => wf.AddAsync(3), new(start));

            Assert.Equal(5, total);
            Assert.Equal(existing.ResultRunId, (await start.GetHandleAsync()).ResultRunId);
        });
    }

    [Fact]
    public async Task ExecuteUpdateWithStart_FailPolicyAndRunningWorkflow_ThrowsAlreadyStarted()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var existing = await server.Client.StartWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(), new(id, worker.Options.TaskQueue!));
            var start = StartOperation(id, worker.Options.TaskQueue!, WorkflowIdConflictPolicy.Fail);

            var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(
                () => server.Client.ExecuteUpdateWithStartWorkflowAsync((CounterWorkflow wf) => wf.AddAsync(1), new(start)));

            Assert.Equal(existing.ResultRunId, error.RunId);
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => start.GetHandleAsync());
            // The update never reached the workflow.
            var history = await existing.FetchHistoryAsync();
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        });
    }

    [Fact]
    public async Task ExecuteMultiOperation_FailPolicy_ReturnsPerOperationStatuses()
    {
        var id = DevServerFixture.NewWorkflowId();
        var taskQueue = DevServerFixture.NewTaskQueue();
        var existing = await server.Client.StartWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(), new(id, taskQueue));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => server.Client.WorkflowService.ExecuteMultiOperationAsync(MultiOperation(id, taskQueue, WorkflowIdConflictPolicy.Fail)));

        Assert.Equal(RpcException.StatusCode.AlreadyExists, error.Code);
        Assert.Equal("Update-with-Start could not be executed.", error.Message);
        var failure = error.GrpcStatus.Value!.Details.Single().Unpack<MultiOperationExecutionFailure>();
        Assert.Equal(2, failure.Statuses.Count);
        Assert.Equal((int)RpcException.StatusCode.AlreadyExists, failure.Statuses[0].Code);
        Assert.Equal(existing.ResultRunId, failure.Statuses[0].Details.Single().Unpack<WorkflowExecutionAlreadyStartedFailure>().RunId);
        Assert.Equal((int)RpcException.StatusCode.Aborted, failure.Statuses[1].Code);
        Assert.True(failure.Statuses[1].Details.Single().Is(Temporalio.Api.Failure.V1.MultiOperationExecutionAborted.Descriptor));
        await existing.TerminateAsync();
    }

    [Fact]
    public async Task ExecuteMultiOperation_StartResponse_SaysWhetherItStarted()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var request = MultiOperation(id, worker.Options.TaskQueue!, WorkflowIdConflictPolicy.UseExisting);

            var first = await server.Client.WorkflowService.ExecuteMultiOperationAsync(request);
            request.Operations[0].StartWorkflow.RequestId = Guid.NewGuid().ToString();
            request.Operations[1].UpdateWorkflow.Request.Meta.UpdateId = Guid.NewGuid().ToString();
            var second = await server.Client.WorkflowService.ExecuteMultiOperationAsync(request);

            Assert.True(first.Responses[0].StartWorkflow.Started);
            Assert.False(second.Responses[0].StartWorkflow.Started);
            Assert.Equal(first.Responses[0].StartWorkflow.RunId, second.Responses[0].StartWorkflow.RunId);
            Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, second.Responses[1].UpdateWorkflow.Stage);
            Assert.NotNull(second.Responses[1].UpdateWorkflow.Outcome.Success);
            await server.Client.GetWorkflowHandle(id).TerminateAsync();
        });
    }

    [Fact]
    public async Task ExecuteUpdateWithStart_ValidatorRejects_UpdateFailsAndWorkflowKeepsRunning()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = DevServerFixture.NewWorkflowId();
            var start = StartOperation(id, worker.Options.TaskQueue!, WorkflowIdConflictPolicy.UseExisting);

            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(
                () => server.Client.ExecuteUpdateWithStartWorkflowAsync((CounterWorkflow wf) => wf.AddAsync(-1), new(start)));

            Assert.Contains("amount must not be negative", error.InnerException!.Message, StringComparison.Ordinal);
            var handle = await start.GetHandleAsync();
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            var history = await handle.FetchHistoryAsync();
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            Assert.Equal(4, await handle.ExecuteUpdateAsync(wf => wf.AddAsync(4)));
            await handle.TerminateAsync();
        });
    }

    [Fact]
    public async Task ExecuteMultiOperation_UpdateWithRunId_IsInvalidArgumentForThatOperation()
    {
        var request = MultiOperation(DevServerFixture.NewWorkflowId(), DevServerFixture.NewTaskQueue(), WorkflowIdConflictPolicy.UseExisting);
        request.Operations[1].UpdateWorkflow.WorkflowExecution.RunId = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.ExecuteMultiOperationAsync(request));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        var failure = error.GrpcStatus.Value!.Details.Single().Unpack<MultiOperationExecutionFailure>();
        Assert.Equal((int)RpcException.StatusCode.Aborted, failure.Statuses[0].Code);
        Assert.Equal((int)RpcException.StatusCode.InvalidArgument, failure.Statuses[1].Code);
        Assert.Equal("RunId is not allowed.", failure.Statuses[1].Message);
    }

    [Fact]
    public async Task ExecuteMultiOperation_UpdateAbortedByRunClosing_RetriesOnANewRun()
    {
        var id = DevServerFixture.NewWorkflowId();
        var taskQueue = DevServerFixture.NewTaskQueue();
        // No worker yet, so the update stays admitted on the first run.
        var first = await server.Client.StartWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(), new(id, taskQueue));
        var request = MultiOperation(id, taskQueue, WorkflowIdConflictPolicy.UseExisting);
        var call = server.Client.WorkflowService.ExecuteMultiOperationAsync(request);
        var updateRef = new Temporalio.Api.Update.V1.UpdateRef
        {
            WorkflowExecution = new() { WorkflowId = id, RunId = first.ResultRunId! },
            UpdateId = request.Operations[1].UpdateWorkflow.Request.Meta.UpdateId,
        };
        await ChildWorkflowTests.WaitUntilAsync(async () =>
        {
            try
            {
                await server.Client.WorkflowService.PollWorkflowExecutionUpdateAsync(new()
                {
                    Namespace = "default",
                    UpdateRef = updateRef,
                    WaitPolicy = new() { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Admitted },
                });
                return true;
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                return false;
            }
        });

        await first.TerminateAsync();
        using var worker = server.NewWorker(o => o.AddWorkflow<CounterWorkflow>(), taskQueue);
        var response = await worker.ExecuteAsync(() => call);

        Assert.True(response.Responses[0].StartWorkflow.Started);
        Assert.NotEqual(first.ResultRunId, response.Responses[0].StartWorkflow.RunId);
        Assert.NotNull(response.Responses[1].UpdateWorkflow.Outcome.Success);
        await server.Client.GetWorkflowHandle(id).TerminateAsync();
    }

    private static ExecuteMultiOperationRequest MultiOperation(string id, string taskQueue, WorkflowIdConflictPolicy policy)
    {
        var args = new Payloads();
        args.Payloads_.Add(new Payload
        {
            Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
            Data = ByteString.CopyFromUtf8("7"),
        });
        var request = new ExecuteMultiOperationRequest { Namespace = "default" };
        request.Operations.Add(new ExecuteMultiOperationRequest.Types.Operation
        {
            StartWorkflow = new()
            {
                Namespace = "default",
                WorkflowId = id,
                WorkflowType = new() { Name = "CounterWorkflow" },
                TaskQueue = new() { Name = taskQueue },
                RequestId = Guid.NewGuid().ToString(),
                WorkflowIdConflictPolicy = policy,
            },
        });
        request.Operations.Add(new ExecuteMultiOperationRequest.Types.Operation
        {
            UpdateWorkflow = new()
            {
                Namespace = "default",
                WorkflowExecution = new() { WorkflowId = id },
                Request = new()
                {
                    Meta = new() { UpdateId = Guid.NewGuid().ToString() },
                    Input = new() { Name = "Add", Args = args },
                },
                WaitPolicy = new() { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Completed },
            },
        });
        return request;
    }
}
