using Temporalio.Client;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// The server process is killed with SIGKILL while workflows wait on a timer, an activity, a child and
/// signals, then started again on the same database file and port: everything finishes correctly.
/// The client and the worker are the same objects throughout: they reconnect on their own.
/// </summary>
public sealed class PersistenceCrashTests : IDisposable
{
    /// <summary>Bounds every wait on a result, so a lost workflow fails the test instead of hanging the run.</summary>
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("devserver-crash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ServerKilled_WaitingWorkflowsResumeAfterRestartOnSameFile()
    {
        var db = Path.Combine(_directory, "temporal.db");
        var port = DevServerProcess.FreePort();
        using var first = await DevServerProcess.StartAsync(port, db);
        var client = await ConnectAsync(port);
        var queue = DevServerFixture.NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddWorkflow<TimerWorkflow>()
            .AddWorkflow<HangOnceWorkflow>()
            .AddWorkflow<ChildWorkflowTests.ParentWorkflow>()
            .AddWorkflow<WaitForSignalWorkflow>()
            .AddAllActivities(new FirstAttemptHangsActivities()));
        using var stopWorker = new CancellationTokenSource();
        var running = worker.ExecuteAsync(stopWorker.Token);

        var timer = await client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(5000), new(DevServerFixture.NewWorkflowId("timer"), queue));
        var activity = await client.StartWorkflowAsync((HangOnceWorkflow wf) => wf.RunAsync("work"), new(DevServerFixture.NewWorkflowId("activity"), queue));
        var childId = DevServerFixture.NewWorkflowId("child");
        var parent = await client.StartWorkflowAsync((ChildWorkflowTests.ParentWorkflow wf) => wf.RunAsync(new("await-child", childId)),
            new(DevServerFixture.NewWorkflowId("parent"), queue));
        var signals = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(4), new(DevServerFixture.NewWorkflowId("signals"), queue));

        await ChildWorkflowTests.WaitUntilAsync(async () =>
            (await DescribeAsync(client, activity.Id)).PendingActivities is [{ State: Temporalio.Api.Enums.V1.PendingActivityState.Started }]
            && (await timer.FetchHistoryAsync()).Events.Any(e => e.TimerStartedEventAttributes is not null)
            && (await DescribeAsync(client, parent.Id)).PendingChildren.Count == 1);
        await signals.SignalAsync(wf => wf.AddAsync("a"));
        await signals.SignalAsync(wf => wf.AddAsync("b"));
        // A client already waiting for a result keeps waiting across the restart.
        var timerResult = timer.GetResultAsync();

        first.Kill();
        using var second = await DevServerProcess.StartAsync(port, db);

        Assert.Equal(2, await signals.QueryAsync(wf => wf.Count));
        await signals.SignalAsync(wf => wf.AddAsync("c"));
        await signals.SignalAsync(wf => wf.AddAsync("d"));
        await client.GetWorkflowHandle<WaitForSignalWorkflow>(childId).SignalAsync(wf => wf.AddAsync("child"));

        Assert.Equal(["a", "b", "c", "d"], await signals.GetResultAsync().WaitAsync(ResultTimeout));
        Assert.Equal("child", await parent.GetResultAsync().WaitAsync(ResultTimeout));
        // The first attempt's worker "vanished": the server retried after the start-to-close timeout.
        Assert.Equal("work on attempt 2", await activity.GetResultAsync().WaitAsync(ResultTimeout));
        Assert.True(int.Parse(await timerResult.WaitAsync(ResultTimeout), System.Globalization.CultureInfo.InvariantCulture) >= 5000);

        await stopWorker.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// The SDK retries calls while the server is down for 10 s by default; a restart on a loaded CI
    /// machine can take longer, so the budget is raised. Reconnection itself needs nothing.
    /// </summary>
    private static Task<TemporalClient> ConnectAsync(int port) => TemporalClient.ConnectAsync(new($"127.0.0.1:{port}")
    {
        RpcRetry = new() { MaxElapsedTime = TimeSpan.FromSeconds(60), MaxRetries = 100 },
    });

    private static Task<Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse> DescribeAsync(ITemporalClient client, string workflowId) =>
        client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = workflowId } });

    private static async Task<bool> IsUpdateAdmittedAsync(ITemporalClient client, string workflowId, string updateId)
    {
        try
        {
            await client.WorkflowService.PollWorkflowExecutionUpdateAsync(new()
            {
                Namespace = "default",
                UpdateRef = new() { WorkflowExecution = new() { WorkflowId = workflowId }, UpdateId = updateId },
                WaitPolicy = new() { LifecycleStage = Temporalio.Api.Enums.V1.UpdateWorkflowExecutionLifecycleStage.Admitted },
            });
            return true;
        }
        catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task ServerKilled_AcknowledgedStartsSignalsAndUpdatesAreNotLost()
    {
        var db = Path.Combine(_directory, "temporal.db");
        var port = DevServerProcess.FreePort();
        var queue = DevServerFixture.NewTaskQueue();
        using var first = await DevServerProcess.StartAsync(port, db);
        var client = await ConnectAsync(port);

        // No live worker yet: everything below is only acknowledged, not processed, when the server dies.
        // A worker that then dies takes the collector's first workflow task and never answers.
        var collector = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(0),
            new(DevServerFixture.NewWorkflowId("collector"), queue) { TaskTimeout = TimeSpan.FromSeconds(2) });
        var held = await client.WorkflowService.PollWorkflowTaskQueueAsync(new()
        {
            Namespace = "default",
            TaskQueue = new() { Name = queue },
            Identity = "worker-that-dies",
        });
        Assert.Equal(collector.Id, held.WorkflowExecution.WorkflowId);
        var sent = Enumerable.Range(1, 30).Select(i => $"s{i}").ToList();
        await Task.WhenAll(sent.Select(s => collector.SignalAsync(wf => wf.AddAsync(s))));
        var timers = await Task.WhenAll(Enumerable.Range(1, 5).Select(_ =>
            client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(10), new(DevServerFixture.NewWorkflowId("timer"), queue))));
        // An update the server has admitted (not yet delivered): the caller keeps waiting across the restart.
        var update = collector.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("update"), new("crash-update"));
        await ChildWorkflowTests.WaitUntilAsync(async () => await IsUpdateAdmittedAsync(client, collector.Id, "crash-update"));
        first.Kill();

        using var second = await DevServerProcess.StartAsync(port, db);
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<WaitForSignalWorkflow>().AddWorkflow<TimerWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            await collector.SignalAsync(wf => wf.FinishAsync());
            var received = await collector.GetResultAsync().WaitAsync(ResultTimeout);
            Assert.InRange(await update.WaitAsync(ResultTimeout), 1, 31);
            Assert.Equal(sent.Append("update").Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
            // The task held at the kill was not lost either: it timed out after the restart and went to the live worker.
            var history = await collector.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.WorkflowTaskTimedOutEventAttributes is not null);
            foreach (var handle in timers)
            {
                await handle.GetResultAsync().WaitAsync(ResultTimeout);
            }
        });
    }

    [Fact]
    public async Task CorruptFile_OneLineErrorAndExitCode2()
    {
        var db = Path.Combine(_directory, "notes.db");
        await File.WriteAllTextAsync(db, "these are my notes, not a database\n");

        var (exitCode, output) = await DevServerProcess.RunToExitAsync("--port", "0", "--db-filename", db, "--headless");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --db-filename", line, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", line, StringComparison.Ordinal);
        Assert.Equal("these are my notes, not a database\n", await File.ReadAllTextAsync(db));
    }
}
