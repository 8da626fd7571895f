using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Worker;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>Schedules in the --db-filename database: they survive a restart and keep running.</summary>
public sealed class SchedulePersistenceTests : IDisposable
{
    private readonly RestartDatabase _database = new("devserver-schedules-");

    public void Dispose() => _database.Dispose();

    private DevServerOptions Options() => _database.Options();

    [Fact]
    public async Task Restart_WithDatabase_KeepsSchedulesStateAndActionsRunOn()
    {
        var queue = DevServerFixture.NewTaskQueue();
        const string IntervalId = "persisted-interval";
        const string PausedId = "persisted-paused";
        long actionsBefore = 0;
        byte[] tokenBefore = [];

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<ScheduledGreetingWorkflow>());
            await worker.ExecuteAsync(async () =>
            {
                var interval = await client.CreateScheduleAsync(IntervalId, new Schedule(GreetingAction("persisted", queue), Every(TimeSpan.FromSeconds(1))));
                var paused = await client.CreateScheduleAsync(PausedId, new Schedule(GreetingAction("paused", queue), Yearly())
                {
                    State = new ScheduleState { Paused = true, Note = "kept" },
                }, new ScheduleOptions { Memo = new Dictionary<string, object> { ["owner"] = "release" } });
                actionsBefore = (await WaitForAsync(interval, d => d.Info.NumActions >= 2 && d.Info.RunningActions.Count == 0)).Info.NumActions;
                tokenBefore = (await RawAsync(client, paused)).ConflictToken.ToByteArray();
            });
        }

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            var paused = client.GetScheduleHandle(PausedId);
            var description = await paused.DescribeAsync();
            Assert.True(description.Schedule.State.Paused);
            Assert.Equal("kept", description.Schedule.State.Note);
            Assert.Equal("release", await description.Memo["owner"].ToValueAsync<string>());
            Assert.Equal(tokenBefore, (await RawAsync(client, paused)).ConflictToken.ToByteArray());

            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<ScheduledGreetingWorkflow>());
            await worker.ExecuteAsync(async () =>
            {
                var interval = client.GetScheduleHandle(IntervalId);
                var after = await WaitForAsync(interval, d => d.Info.NumActions >= actionsBefore + 2);
                var latest = WorkflowIdOf(after.Info.RecentActions.Last());
                Assert.Equal("hello ci", await client.GetWorkflowHandle(latest).GetResultAsync<string>());
            });
            var listed = new List<string>();
            await foreach (var entry in client.ListSchedulesAsync())
            {
                listed.Add(entry.Id);
            }
            Assert.Equal([PausedId, IntervalId], listed.Order().Reverse());
            await client.GetScheduleHandle(IntervalId).DeleteAsync();
        }

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            var error = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => client.GetScheduleHandle(IntervalId).DescribeAsync());
            Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.NotFound, error.Code);
            Assert.True((await client.GetScheduleHandle(PausedId).DescribeAsync()).Schedule.State.Paused);
        }
    }
}
