using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// An embedded server with a database, stopped cleanly and started again on the same file: closed
/// runs, running ones, namespaces and search attributes come back, and every step was written.
/// </summary>
public sealed class PersistenceRestartTests : IDisposable
{
    private static readonly SearchAttributeKey<string> Team = SearchAttributeKey.CreateKeyword("Team");
    private readonly RestartDatabase _database = new("devserver-restart-");

    public void Dispose() => _database.Dispose();

    private DevServerOptions Options() => _database.Options() with { Namespaces = ["extra"] };

    [Fact]
    public async Task GetClusterInfo_WithDatabase_ReportsSqlite()
    {
        await using var server = await TemporalDevServer.StartAsync(Options());
        var client = await TemporalClient.ConnectAsync(new(server.Address));

        var info = await client.Connection.WorkflowService.GetClusterInfoAsync(new());

        Assert.Equal("sqlite", info.PersistenceStore);
    }

    [Fact]
    public async Task CleanRestart_KeepsClosedAndRunningWorkflowsNamespacesAndSearchAttributes()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var team = $"team-{Guid.NewGuid():N}";
        string namespaceId = "", waiterId = "", countdownId = "", timerId = "", failingId = "";
        const string updateId = "first-update";

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            await client.Connection.OperatorService.AddSearchAttributesAsync(new()
            {
                Namespace = "default",
                SearchAttributes = { ["Team"] = Temporalio.Api.Enums.V1.IndexedValueType.Keyword },
            });
            namespaceId = (await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "extra" })).NamespaceInfo.Id;
            using var worker = new TemporalWorker(client, WorkerOptions(queue));
            await worker.ExecuteAsync(async () =>
            {
                var timer = await client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(10), new(DevServerFixture.NewWorkflowId("timer"), queue));
                timerId = timer.Id;
                await timer.GetResultAsync();
                var countdown = await client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(3, ""), new(DevServerFixture.NewWorkflowId("countdown"), queue));
                countdownId = countdown.Id;
                await countdown.GetResultAsync();
                var failing = await client.StartWorkflowAsync((FailingWorkflow wf) => wf.RunAsync("broken"), new(DevServerFixture.NewWorkflowId("failing"), queue));
                failingId = failing.Id;
                await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => failing.GetResultAsync());

                var waiter = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(4), new(DevServerFixture.NewWorkflowId("waiter"), queue)
                {
                    TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(Team, team).ToSearchAttributeCollection(),
                    Memo = new Dictionary<string, object> { ["owner"] = "release-team" },
                });
                waiterId = waiter.Id;
                await waiter.SignalAsync(wf => wf.AddAsync("before"));
                Assert.Equal(2, await waiter.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("updated"), new(updateId)));
            });
            Assert.Empty(server.Engine.FindPersistenceDrift());
        }

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            Assert.Empty(server.Engine.FindPersistenceDrift());
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            Assert.Equal(namespaceId, (await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "extra" })).NamespaceInfo.Id);

            // Closed runs answer without a worker.
            Assert.Equal("3,2,1,done", await client.GetWorkflowHandle(countdownId).GetResultAsync<string>());
            await client.GetWorkflowHandle(timerId).GetResultAsync<string>();
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => client.GetWorkflowHandle(failingId).GetResultAsync());
            var waiter = client.GetWorkflowHandle<WaitForSignalWorkflow>(waiterId);
            Assert.Equal(2, await waiter.GetUpdateHandle<int>(updateId).GetResultAsync());
            var described = await waiter.DescribeAsync();
            Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, described.Status);
            Assert.Equal("release-team", await described.Memo["owner"].ToValueAsync<string>());
            var listed = await client.ListWorkflowsAsync($"Team = '{team}'").ToListAsync();
            Assert.Equal(waiterId, Assert.Single(listed).Id);

            using var worker = new TemporalWorker(client, WorkerOptions(queue));
            await worker.ExecuteAsync(async () =>
            {
                Assert.Equal(2, await waiter.QueryAsync(wf => wf.Count));
                await waiter.SignalAsync(wf => wf.AddAsync("after"));
                Assert.Equal(4, await waiter.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("updated again")));
                Assert.Equal(["before", "updated", "after", "updated again"], await waiter.GetResultAsync<List<string>>());
            });
            Assert.Empty(server.Engine.FindPersistenceDrift());
        }
    }

    [Fact]
    public async Task Restart_QueuedActivityRunsAsFirstAttempt_OverdueTimerFiresAtOnce()
    {
        var queue = DevServerFixture.NewTaskQueue();
        string activityId, timerId;
        DateTimeOffset timerDue;
        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            // Workflows only: the activity is scheduled but no worker polls for it before the stop.
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
                .AddWorkflow<ActivityTests.OneActivityWorkflow>().AddWorkflow<TimerWorkflow>());
            var activity = await client.StartWorkflowAsync((ActivityTests.OneActivityWorkflow wf) => wf.RunAsync(new("greet", "restart")),
                new(DevServerFixture.NewWorkflowId("activity"), queue));
            var timer = await client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(1000), new(DevServerFixture.NewWorkflowId("timer"), queue));
            (activityId, timerId) = (activity.Id, timer.Id);
            await worker.ExecuteAsync(() => ChildWorkflowTests.WaitUntilAsync(async () =>
                (await activity.FetchHistoryAsync()).Events.Any(e => e.ActivityTaskScheduledEventAttributes is not null)
                && (await timer.FetchHistoryAsync()).Events.Any(e => e.TimerStartedEventAttributes is not null)));
            var started = (await timer.FetchHistoryAsync()).Events.Single(e => e.TimerStartedEventAttributes is not null);
            timerDue = started.EventTime.ToDateTimeOffset() + TimeSpan.FromSeconds(1);
            Assert.Empty(server.Engine.FindPersistenceDrift());
        }

        // The server is down when the timer comes due.
        await ChildWorkflowTests.WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > timerDue + TimeSpan.FromMilliseconds(200)));

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var restarted = DateTimeOffset.UtcNow;
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
                .AddWorkflow<ActivityTests.OneActivityWorkflow>().AddWorkflow<TimerWorkflow>()
                .AddAllActivities(new ActivityTests.Activities()));
            await worker.ExecuteAsync(async () =>
            {
                Assert.Equal("Hello, restart!", await client.GetWorkflowHandle(activityId).GetResultAsync<string>());
                await client.GetWorkflowHandle(timerId).GetResultAsync<string>();
            });
            var activityHistory = await client.GetWorkflowHandle(activityId).FetchHistoryAsync();
            Assert.Equal(1, activityHistory.Events.Single(e => e.ActivityTaskStartedEventAttributes is not null).ActivityTaskStartedEventAttributes.Attempt);
            var fired = (await client.GetWorkflowHandle(timerId).FetchHistoryAsync()).Events.Single(e => e.TimerFiredEventAttributes is not null);
            Assert.InRange(fired.EventTime.ToDateTimeOffset(), restarted - TimeSpan.FromSeconds(1), restarted + TimeSpan.FromSeconds(5));
            Assert.Empty(server.Engine.FindPersistenceDrift());
        }
    }

    private static TemporalWorkerOptions WorkerOptions(string queue) => new TemporalWorkerOptions(queue)
        .AddWorkflow<TimerWorkflow>()
        .AddWorkflow<CountdownWorkflow>()
        .AddWorkflow<FailingWorkflow>()
        .AddWorkflow<WaitForSignalWorkflow>();
}
