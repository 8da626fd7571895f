using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class StartTests(DevServerFixture server)
{
    private static readonly string Queue = DevServerFixture.NewTaskQueue();

    private Task<WorkflowHandle<WaitForSignalWorkflow, List<string>>> StartAsync(string id, Action<WorkflowOptions>? configure = null)
    {
        var options = new WorkflowOptions(id, Queue);
        configure?.Invoke(options);
        return server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(0), options);
    }

    [Fact]
    public async Task Start_SameIdWhileRunning_ThrowsAlreadyStartedWithRunId()
    {
        var id = DevServerFixture.NewWorkflowId();
        var first = await StartAsync(id);
        var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => StartAsync(id));
        Assert.Equal(first.ResultRunId, error.RunId);
        Assert.Equal(id, error.WorkflowId);
    }

    [Fact]
    public async Task Start_ConflictPolicyUseExisting_ReturnsRunningRun()
    {
        var id = DevServerFixture.NewWorkflowId();
        var first = await StartAsync(id);
        var second = await StartAsync(id, o => o.IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting);
        Assert.Equal(first.ResultRunId, second.ResultRunId);
    }

    [Fact]
    public async Task Start_ConflictPolicyTerminateExisting_TerminatesOldRun()
    {
        var id = DevServerFixture.NewWorkflowId();
        var first = await StartAsync(id);
        var second = await StartAsync(id, o => o.IdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting);
        Assert.NotEqual(first.ResultRunId, second.ResultRunId);
        var old = await server.Client.GetWorkflowHandle(id, first.ResultRunId).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, old.Status);
    }

    [Fact]
    public async Task Start_ReusePolicyRejectDuplicate_RefusesClosedId()
    {
        var id = DevServerFixture.NewWorkflowId();
        var first = await StartAsync(id);
        await first.TerminateAsync("done");
        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
            StartAsync(id, o => o.IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate));
        var again = await StartAsync(id, o => o.IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate);
        Assert.NotEqual(first.ResultRunId, again.ResultRunId);
    }

    [Fact]
    public async Task Start_ReusePolicyFailedOnly_AllowsAfterFailureOnly()
    {
        var id = DevServerFixture.NewWorkflowId();
        var first = await StartAsync(id);
        await first.TerminateAsync("terminated counts as failed");
        var second = await StartAsync(id, o => o.IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly);
        await second.SignalAsync(wf => wf.FinishAsync());
        using var worker = server.NewWorker(o => o.AddWorkflow<WaitForSignalWorkflow>(), Queue);
        await worker.ExecuteAsync(() => second.GetResultAsync());
        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
            StartAsync(id, o => o.IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly));
    }

    [Fact]
    public async Task Start_SameRequestIdTwice_IsDeduplicated()
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = DevServerFixture.NewWorkflowId(),
            WorkflowType = new() { Name = "WaitForSignalWorkflow" },
            TaskQueue = new() { Name = Queue },
            RequestId = Guid.NewGuid().ToString(),
        };
        var first = await server.Client.WorkflowService.StartWorkflowExecutionAsync(request);
        var second = await server.Client.WorkflowService.StartWorkflowExecutionAsync(request);
        Assert.True(first.Started);
        Assert.Equal(first.RunId, second.RunId);
    }

    [Fact]
    public async Task Start_MissingWorkflowId_InvalidArgumentNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.StartWorkflowExecutionAsync(new()
        {
            Namespace = "default",
            WorkflowType = new() { Name = "X" },
            TaskQueue = new() { Name = Queue },
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("WorkflowId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownNamespace_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.StartWorkflowExecutionAsync(new()
        {
            Namespace = "no-such-namespace",
            WorkflowId = "x",
            WorkflowType = new() { Name = "X" },
            TaskQueue = new() { Name = Queue },
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task GarbageTaskToken_InvalidArgument_ServerKeepsServing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.WorkflowService.RespondActivityTaskCompletedAsync(new()
        {
            Namespace = "default",
            TaskToken = Google.Protobuf.ByteString.CopyFromUtf8("not a token"),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        var info = await server.Client.WorkflowService.GetSystemInfoAsync(new());
        Assert.True(info.Capabilities.SignalAndQueryHeader);
    }

    [Fact]
    public async Task Namespaces_DefaultIsDescribedAndListed()
    {
        var described = await server.Client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "default" });
        Assert.Equal("default", described.NamespaceInfo.Name);
        Assert.Equal(NamespaceState.Registered, described.NamespaceInfo.State);
        var listed = await server.Client.WorkflowService.ListNamespacesAsync(new());
        Assert.Contains(listed.Namespaces, n => n.NamespaceInfo.Name == "default");
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "missing" }));
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
    }
}
