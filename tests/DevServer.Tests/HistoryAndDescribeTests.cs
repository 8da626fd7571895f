using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class HistoryAndDescribeTests(DevServerFixture server)
{
    private async Task<T> WithWorkerAsync<T>(Func<string, Task<T>> body)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<WaitForSignalWorkflow>().AddWorkflow<ActivityTests.OneActivityWorkflow>()
            .AddWorkflow<ChildWorkflowTests.ParentWorkflow>().AddAllActivities(new ActivityTests.Activities()));
        return await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    private GetWorkflowExecutionHistoryRequest HistoryRequest(string id) =>
        new() { Namespace = "default", Execution = new() { WorkflowId = id } };

    [Fact]
    public async Task History_SmallPages_ReturnsEveryEventOnceInOrder()
    {
        var id = DevServerFixture.NewWorkflowId();
        await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(4), new(id, tq));
            foreach (var s in new[] { "a", "b", "c", "d" })
            {
                await handle.SignalAsync(wf => wf.AddAsync(s));
            }
            return await handle.GetResultAsync();
        });
        var ids = new List<long>();
        var request = HistoryRequest(id);
        request.MaximumPageSize = 3;
        var pages = 0;
        do
        {
            var page = await server.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
            ids.AddRange(page.History.Events.Select(e => e.EventId));
            request.NextPageToken = page.NextPageToken;
            pages++;
        }
        while (!request.NextPageToken.IsEmpty);
        Assert.True(pages > 2);
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task History_LongPoll_ReturnsWhenAnEventArrives()
    {
        var id = DevServerFixture.NewWorkflowId();
        var queue = DevServerFixture.NewTaskQueue();
        var handle = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1), new(id, queue));
        var request = HistoryRequest(id);
        request.WaitNewEvent = true;
        var first = await server.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
        request.NextPageToken = first.NextPageToken;
        var waiting = server.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await handle.SignalAsync(wf => wf.AddAsync("wake"));
        var next = await waiting;
        Assert.Equal(EventType.WorkflowExecutionSignaled, next.History.Events[0].EventType);
        await handle.TerminateAsync("done");
    }

    [Fact]
    public async Task History_CloseEventFilter_ReturnsOnlyTheCloseEvent()
    {
        var id = DevServerFixture.NewWorkflowId();
        await WithWorkerAsync(tq => server.Client.ExecuteWorkflowAsync(
            (ActivityTests.OneActivityWorkflow wf) => wf.RunAsync(new("greet", "x")), new(id, tq)));
        var request = HistoryRequest(id);
        request.HistoryEventFilterType = HistoryEventFilterType.CloseEvent;
        var response = await server.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
        Assert.Equal(EventType.WorkflowExecutionCompleted, Assert.Single(response.History.Events).EventType);
    }

    [Fact]
    public async Task Describe_RetryingActivity_ShowsAttemptAndLastFailure()
    {
        var id = DevServerFixture.NewWorkflowId();
        var pending = await WithWorkerAsync(async tq =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (ActivityTests.OneActivityWorkflow wf) => wf.RunAsync(new("always-fail", "Transient")), new(id, tq));
            DescribeWorkflowExecutionResponse? described = null;
            await ChildWorkflowTests.WaitUntilAsync(async () =>
            {
                described = await server.DescribeRawAsync(id);
                return described.PendingActivities.FirstOrDefault()?.Attempt >= 3;
            });
            await handle.TerminateAsync("done");
            return described!.PendingActivities[0];
        });
        Assert.Equal("always-fail", pending.ActivityType.Name);
        Assert.Equal("boom", pending.LastFailure.Message);
    }

    [Fact]
    public async Task Describe_ParentAwaitingChild_ShowsPendingChildAndStatus()
    {
        var childId = DevServerFixture.NewWorkflowId("child");
        var described = await WithWorkerAsync(async tq =>
        {
            var parent = await server.Client.StartWorkflowAsync((ChildWorkflowTests.ParentWorkflow wf) =>
                wf.RunAsync(new("await-child", childId)), new(DevServerFixture.NewWorkflowId("parent"), tq));
            DescribeWorkflowExecutionResponse? result = null;
            await ChildWorkflowTests.WaitUntilAsync(async () =>
            {
                result = await server.DescribeRawAsync(parent.Id);
                return result.PendingChildren.Count == 1 && result.PendingChildren[0].RunId.Length > 0;
            });
            await parent.TerminateAsync("done");
            return result!;
        });
        Assert.Equal(WorkflowExecutionStatus.Running, described.WorkflowExecutionInfo.Status);
        Assert.Equal(childId, described.PendingChildren[0].WorkflowId);
        Assert.True(described.WorkflowExecutionInfo.HistoryLength > 3);
    }
}
