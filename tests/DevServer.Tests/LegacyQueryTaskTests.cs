using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>
/// Legacy query tasks (a query sent while no workflow task is outstanding). The SDK core tells a
/// query-only task from a real workflow task by <c>started_event_id == 0</c>, the real server's
/// value for query tasks; a query task with a non-zero started id is buffered as if it were a
/// workflow task, and two such buffered tasks replace each other, so one is silently dropped (a
/// query that never answers, or a workflow task that times out after 10 s).
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class LegacyQueryTaskTests(DevServerFixture server)
{
    [Fact]
    public async Task LegacyQueryTask_CarriesNoStartedEventId()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var workflowId = DevServerFixture.NewWorkflowId("legacy-query");
        var started = await server.Client.WorkflowService.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new() { Name = "RawWorkflow" },
            TaskQueue = new() { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        });
        var first = await PollAsync(queue);
        await server.Client.WorkflowService.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = first.TaskToken,
            Identity = "test",
        });

        var query = server.Client.WorkflowService.QueryWorkflowAsync(new QueryWorkflowRequest
        {
            Namespace = "default",
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = started.RunId },
            Query = new WorkflowQuery { QueryType = "state" },
        });
        var queryTask = await PollAsync(queue);

        Assert.NotNull(queryTask.Query);
        Assert.Equal(0, queryTask.StartedEventId);
        Assert.Equal(first.StartedEventId, queryTask.PreviousStartedEventId);
        await server.Client.WorkflowService.RespondQueryTaskCompletedAsync(new RespondQueryTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = queryTask.TaskToken,
            CompletedType = Temporalio.Api.Enums.V1.QueryResultType.Answered,
            QueryResult = new Payloads(),
        });
        await query;
    }

    /// <summary>
    /// Through the SDK: a legacy query reaches the worker while it is still busy with an earlier
    /// query of the same run, then a workflow task (a signal) follows. The worker must answer the
    /// second query and the workflow task; before the fix it buffered the query as a workflow task
    /// and the signal's task replaced it, so the query never came back.
    /// </summary>
    [Fact]
    public async Task LegacyQuery_BufferedBehindBusyRun_IsNotDroppedByTheNextWorkflowTask()
    {
        using var worker = server.NewWorker(o =>
        {
            o.AddWorkflow<GatedQueryWorkflow>();
            // The gated query blocks the workflow thread on purpose; no deadlock detection.
            o.DebugMode = true;
        });
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((GatedQueryWorkflow wf) => wf.RunAsync(),
                new(DevServerFixture.NewWorkflowId("gated-query"), worker.Options.TaskQueue!));
            Assert.Equal(0, await handle.QueryAsync(wf => wf.Signals));

            GatedQueryWorkflow.Release.Reset();
            GatedQueryWorkflow.Entered.Reset();
            var slow = handle.QueryAsync(wf => wf.Gated());
            Assert.True(GatedQueryWorkflow.Entered.Wait(TimeSpan.FromSeconds(10)), "the gated query never ran");
            // No workflow task is outstanding: this one goes out as a legacy query task and waits
            // in the worker's buffer behind the gated query.
            var fast = handle.QueryAsync(wf => wf.Signals);
            await Task.Delay(500);
            await handle.SignalAsync(wf => wf.PokeAsync());
            await Task.Delay(500);
            GatedQueryWorkflow.Release.Set();

            Assert.Equal(0, await slow.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(0, await fast.WaitAsync(TimeSpan.FromSeconds(10)));
            await handle.SignalAsync(wf => wf.FinishAsync());
            Assert.Equal(1, await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            var history = await handle.FetchHistoryAsync();
            Assert.DoesNotContain(history.Events, e => e.EventType
                is Temporalio.Api.Enums.V1.EventType.WorkflowTaskTimedOut or Temporalio.Api.Enums.V1.EventType.WorkflowTaskFailed);
        });
    }

    private async Task<PollWorkflowTaskQueueResponse> PollAsync(string queue)
    {
        var task = await server.Client.WorkflowService.PollWorkflowTaskQueueAsync(
            new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = queue }, Identity = "test" });
        Assert.False(task.TaskToken.IsEmpty, "no workflow task came");
        return task;
    }
}

[Workflow]
public sealed class GatedQueryWorkflow
{
    public static readonly ManualResetEventSlim Entered = new();
    public static readonly ManualResetEventSlim Release = new();

    private bool _finish;

    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _finish);
        return Signals;
    }

    [WorkflowSignal]
    public Task PokeAsync()
    {
        Signals++;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public int Signals { get; private set; }

    /// <summary>Holds the run's activation (and so the worker's buffer for it) until released.</summary>
    [WorkflowQuery]
    public int Gated()
    {
        Entered.Set();
        Release.Wait(TimeSpan.FromSeconds(20));
        return Signals;
    }
}
