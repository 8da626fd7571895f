using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using ParentClosePolicy = Temporalio.Workflows.ParentClosePolicy;

namespace DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class ChildWorkflowTests(DevServerFixture server)
{
    public sealed record ChildPlan(string Outcome, string ChildId, ParentClosePolicy Policy = ParentClosePolicy.Terminate);

    [Workflow]
    public sealed class ParentWorkflow
    {
        [WorkflowRun]
        public async Task<string> RunAsync(ChildPlan plan)
        {
            ChildWorkflowOptions Options() => new() { Id = plan.ChildId, ParentClosePolicy = plan.Policy };
            var options = Options();
            switch (plan.Outcome)
            {
                case "complete":
                    return string.Join("+", await Workflow.ExecuteChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(0), options));
                case "fail":
                    await Workflow.ExecuteChildWorkflowAsync((FailingWorkflow wf) => wf.RunAsync("child broke"), options);
                    return "unreachable";
                case "cancel":
                    using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken))
                    {
                        var child = await Workflow.StartChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new ChildWorkflowOptions { Id = plan.ChildId, CancellationToken = cancel.Token });
#pragma warning disable CA1849 // CancelAsync is not deterministic in workflows
                        cancel.Cancel();
#pragma warning restore CA1849
                        await child.GetResultAsync();
                        return "unreachable";
                    }
                case "timeout":
                    await Workflow.ExecuteChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new ChildWorkflowOptions { Id = plan.ChildId, RunTimeout = TimeSpan.FromMilliseconds(300) });
                    return "unreachable";
                case "leave-running":
                    await Workflow.StartChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), options);
                    return "parent done";
                case "signal-child":
                    var running = await Workflow.StartChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), options);
                    await running.SignalAsync(wf => wf.AddAsync("from parent"));
                    return string.Join("+", await running.GetResultAsync());
                case "await-child":
                    return string.Join("+", await Workflow.ExecuteChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), options));
                case "start-duplicate":
                    try
                    {
                        await Workflow.StartChildWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), options);
                        return "started";
                    }
                    catch (WorkflowAlreadyStartedException e)
                    {
                        return $"already started: {e.WorkflowId}";
                    }
                case "cancel-external":
                    await Workflow.GetExternalWorkflowHandle(plan.ChildId).CancelAsync();
                    return "cancel requested";
                default:
                    throw new Temporalio.Exceptions.ApplicationFailureException("unknown plan", nonRetryable: true);
            }
        }
    }

    private async Task<T> WithWorkerAsync<T>(Func<string, Task<T>> body)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ParentWorkflow>().AddWorkflow<WaitForSignalWorkflow>().AddWorkflow<FailingWorkflow>());
        return await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    private Task<string> RunParentAsync(string tq, ChildPlan plan) =>
        server.Client.ExecuteWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(plan), new(DevServerFixture.NewWorkflowId("parent"), tq));

    [Fact]
    public async Task Child_Completes_ParentGetsResult()
    {
        var childId = DevServerFixture.NewWorkflowId("child");
        var result = await WithWorkerAsync(async tq =>
        {
            var parent = RunParentAsync(tq, new("complete", childId));
            // The child waits for a finish signal; send it once the child exists.
            await WaitUntilAsync(async () => await TryDescribeAsync(childId) is not null);
            await server.Client.GetWorkflowHandle<WaitForSignalWorkflow>(childId).SignalAsync(wf => wf.AddAsync("c1"));
            await server.Client.GetWorkflowHandle<WaitForSignalWorkflow>(childId).SignalAsync(wf => wf.FinishAsync());
            return await parent;
        });
        Assert.Equal("c1", result);
        var child = await server.Client.GetWorkflowHandle(childId).DescribeAsync();
        Assert.NotNull(child.ParentId);
    }

    [Fact]
    public async Task Child_Fails_ParentSeesChildFailure()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => RunParentAsync(tq, new("fail", DevServerFixture.NewWorkflowId("child")))));
        var childFailure = Assert.IsType<ChildWorkflowFailureException>(error.InnerException);
        Assert.Equal("child broke", childFailure.InnerException!.Message);
    }

    [Fact]
    public async Task Child_Cancelled_ParentSeesCancellation()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => RunParentAsync(tq, new("cancel", DevServerFixture.NewWorkflowId("child")))));
        var childFailure = Assert.IsType<ChildWorkflowFailureException>(error.InnerException);
        Assert.IsType<CanceledFailureException>(childFailure.InnerException);
    }

    [Fact]
    public async Task Child_TimesOut_ParentSeesTimeout()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(tq => RunParentAsync(tq, new("timeout", DevServerFixture.NewWorkflowId("child")))));
        var childFailure = Assert.IsType<ChildWorkflowFailureException>(error.InnerException);
        Assert.IsType<TimeoutFailureException>(childFailure.InnerException);
    }

    [Fact]
    public async Task Child_Terminated_ParentSeesTermination()
    {
        var childId = DevServerFixture.NewWorkflowId("child");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => WithWorkerAsync(async tq =>
        {
            var parent = RunParentAsync(tq, new("await-child", childId));
            await WaitUntilAsync(async () => await TryDescribeAsync(childId) is not null);
            await server.Client.GetWorkflowHandle(childId).TerminateAsync("stop the child");
            return await parent;
        }));
        var childFailure = Assert.IsType<ChildWorkflowFailureException>(error.InnerException);
        Assert.IsType<TerminatedFailureException>(childFailure.InnerException);
    }

    [Fact]
    public async Task Child_SignalledByParent_CompletesWithSignal()
    {
        var result = await WithWorkerAsync(tq => RunParentAsync(tq, new("signal-child", DevServerFixture.NewWorkflowId("child"))));
        Assert.Equal("from parent", result);
    }

    [Theory]
    [InlineData(ParentClosePolicy.Terminate, WorkflowExecutionStatus.Terminated)]
    [InlineData(ParentClosePolicy.RequestCancel, WorkflowExecutionStatus.Canceled)]
    [InlineData(ParentClosePolicy.Abandon, WorkflowExecutionStatus.Running)]
    public async Task ParentClosePolicy_AppliedWhenParentCompletes(ParentClosePolicy policy, WorkflowExecutionStatus expected)
    {
        var childId = DevServerFixture.NewWorkflowId("child");
        var status = await WithWorkerAsync(async tq =>
        {
            Assert.Equal("parent done", await RunParentAsync(tq, new("leave-running", childId, policy)));
            await WaitUntilAsync(async () => (await TryDescribeAsync(childId))?.Status == expected);
            return (await TryDescribeAsync(childId))!.Status;
        });
        Assert.Equal(expected, status);
        if (expected == WorkflowExecutionStatus.Running)
        {
            await server.Client.GetWorkflowHandle(childId).TerminateAsync("test cleanup");
        }
    }

    [Fact]
    public async Task ExternalCancel_TargetWorkflowEndsCanceled()
    {
        var targetId = DevServerFixture.NewWorkflowId("target");
        var status = await WithWorkerAsync(async tq =>
        {
            var target = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(targetId, tq));
            Assert.Equal("cancel requested", await RunParentAsync(tq, new("cancel-external", targetId)));
            await Assert.ThrowsAsync<WorkflowFailedException>(() => target.GetResultAsync());
            return (await target.DescribeAsync()).Status;
        });
        Assert.Equal(WorkflowExecutionStatus.Canceled, status);
    }

    [Fact]
    public async Task StartChild_IdAlreadyRunning_ParentSeesAlreadyStarted()
    {
        var childId = DevServerFixture.NewWorkflowId("child");
        var result = await WithWorkerAsync(async tq =>
        {
            var blocker = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(childId, tq));
            try
            {
                return await RunParentAsync(tq, new("start-duplicate", childId));
            }
            finally
            {
                await blocker.TerminateAsync("cleanup");
            }
        });
        Assert.Equal($"already started: {childId}", result);
    }

    private async Task<WorkflowExecutionDescription?> TryDescribeAsync(string id)
    {
        try
        {
            return await server.Client.GetWorkflowHandle(id).DescribeAsync();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50);
        }
    }
}
