using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>
/// A worker's deployment and build id are recorded on each completed workflow task as the real server
/// records them, and <c>Workflow.CurrentBuildId</c> on replay reads what was recorded.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class BuildIdTests(DevServerFixture server)
{
    [Fact]
    public async Task CompletedTask_UnversionedDeployment_RecordsWhatTheRealServerRecordsAndReplayReadsIt()
    {
        var queue = DevServerFixture.NewTaskQueue();
        var id = DevServerFixture.NewWorkflowId("build-id");
        WorkflowHandle<BuildIdWorkflow> handle;
        using (var first = server.NewWorker(o => { o.DeploymentOptions = Unversioned("build-a"); o.AddWorkflow<BuildIdWorkflow>(); }, queue))
        {
            handle = await first.ExecuteAsync(async () =>
            {
                var started = await server.Client.StartWorkflowAsync((BuildIdWorkflow wf) => wf.RunAsync(), new(id, queue));
                await SpeculativeTaskTests.WaitForEventAsync(started, EventType.WorkflowTaskCompleted, 1);
                return started;
            });
        }

        // A new worker without a cache replays the first task from history, then runs the second.
        using var second = server.NewWorker(o => { o.DeploymentOptions = Unversioned("build-b"); o.MaxCachedWorkflows = 0; o.AddWorkflow<BuildIdWorkflow>(); }, queue);
        var seen = await second.ExecuteAsync(async () =>
        {
            await handle.SignalAsync(wf => wf.GoAsync());
            return await handle.GetResultAsync<List<string>>();
        });

        var completed = (await handle.FetchHistoryAsync()).Events
            .Where(e => e.EventType == EventType.WorkflowTaskCompleted)
            .Select(e => e.WorkflowTaskCompletedEventAttributes)
            .ToList();
#pragma warning disable CS0612 // The SDK still sends its build id as the (deprecated) binary checksum.
        Assert.Equal(["build-a", "build-b"], completed.Select(c => c.BinaryChecksum).Distinct());
#pragma warning restore CS0612
        Assert.All(completed, c => Assert.Equal("release-worker", c.WorkerDeploymentName));

        // An unversioned worker's deployment version is not recorded (only a versioned one's is), so
        // replay has no build id for a task another worker ran: what a real server's history gives too.
        Assert.All(completed, c => Assert.Null(c.DeploymentVersion));
        Assert.All(completed, c => Assert.Equal(Temporalio.Api.Enums.V1.VersioningBehavior.Unspecified, c.VersioningBehavior));
        Assert.Equal(["", "build-b"], seen);
    }

    private static WorkerDeploymentOptions Unversioned(string buildId) => new(new WorkerDeploymentVersion("release-worker", buildId), useWorkerVersioning: false);
}

[Workflow]
public sealed class BuildIdWorkflow
{
    private bool go;

    [WorkflowRun]
    public async Task<List<string>> RunAsync()
    {
        var seen = new List<string> { Workflow.CurrentBuildId };
        await Workflow.WaitConditionAsync(() => go);
        seen.Add(Workflow.CurrentBuildId);
        return seen;
    }

    [WorkflowSignal]
    public Task GoAsync()
    {
        go = true;
        return Task.CompletedTask;
    }
}
