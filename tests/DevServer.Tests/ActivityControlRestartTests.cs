using Release.DevServer.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>A paused activity stays paused, with its pause info, across a restart on the same database.</summary>
public sealed class ActivityControlRestartTests : IDisposable
{
    private readonly RestartDatabase _database = new("devserver-pause-");

    public void Dispose() => _database.Dispose();

    private DevServerOptions Options() => _database.Options();

    [Fact]
    public async Task Restart_PausedActivity_StaysPausedUntilUnpaused()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var workflowId = DevServerFixture.NewWorkflowId("paused");
        var call = new ControlledCall("fail-until-released") { RetryInterval = TimeSpan.FromHours(1) };

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            var activities = new ControlledActivities();
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
                .AddWorkflow<ControlledActivityWorkflow>().AddAllActivities(activities));
            await worker.ExecuteAsync(async () =>
            {
                await client.StartWorkflowAsync((ControlledActivityWorkflow wf) => wf.RunAsync(call), new(workflowId, queue));
                await activities.NextStartAsync();
                await WaitForPendingAsync(client, workflowId, a => a.Attempt == 2);
                await client.WorkflowService.PauseActivityAsync(new()
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = workflowId },
                    Id = "controlled",
                    Identity = "operator",
                    Reason = "hold over restart",
                });
            });
            Assert.Empty(server.Engine.FindPersistenceDrift());
        }

        await using (var server = await TemporalDevServer.StartAsync(Options()))
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address));
            var paused = await WaitForPendingAsync(client, workflowId, a => a.Paused);
            Assert.Equal(PendingActivityState.Paused, paused.State);
            Assert.Equal("operator", paused.PauseInfo.Manual.Identity);
            Assert.Equal("hold over restart", paused.PauseInfo.Manual.Reason);

            var activities = new ControlledActivities { KeepFailing = false };
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
                .AddWorkflow<ControlledActivityWorkflow>().AddAllActivities(activities));
            await worker.ExecuteAsync(async () =>
            {
                await client.WorkflowService.UnpauseActivityAsync(new()
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = workflowId },
                    Id = "controlled",
                });
                Assert.Equal("ok on attempt 2", await client.GetWorkflowHandle<ControlledActivityWorkflow>(workflowId).GetResultAsync<string>());
            });
        }
    }

    private static async Task<Temporalio.Api.Workflow.V1.PendingActivityInfo> WaitForPendingAsync(
        ITemporalClient client, string workflowId, Func<Temporalio.Api.Workflow.V1.PendingActivityInfo, bool> condition)
    {
        Temporalio.Api.Workflow.V1.PendingActivityInfo? found = null;
        await ChildWorkflowTests.WaitUntilAsync(async () =>
        {
            var described = await client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = workflowId },
            });
            found = described.PendingActivities.FirstOrDefault(condition);
            return found is not null;
        });
        return found!;
    }
}
