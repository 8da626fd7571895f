using Release.DevServer.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// User metadata (summaries and details) where the real server records them, current details through
/// the SDK's metadata query, and the root workflow of children.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class MetadataTests(DevServerFixture server)
{
    private TemporalWorker NewWorker() => server.NewWorker(o => o
        .AddWorkflow<MetadataWorkflow>().AddWorkflow<MetadataChildWorkflow>().AddWorkflow<MetadataLeafWorkflow>()
        .AddActivity(MetadataActivities.Echo));

    private static WorkflowOptions Options(string taskQueue) => new(DevServerFixture.NewWorkflowId("meta"), taskQueue)
    {
        StaticSummary = "Release APIM 3.5.0",
        StaticDetails = "| stage | status |\n|---|---|\n| 1 | running |",
    };

    private static async Task<string?> SummaryOf(HistoryEvent historyEvent) =>
        historyEvent.UserMetadata?.Summary is { } payload ? await DataConverter.Default.ToValueAsync<string>(payload) : null;

    [Fact]
    public async Task StaticSummaryAndDetails_OnStartedEventAndDescribe()
    {
        using var worker = NewWorker();
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((MetadataWorkflow wf) => wf.RunAsync(), Options(worker.Options.TaskQueue!));

            var description = await handle.DescribeAsync();
            Assert.Equal("Release APIM 3.5.0", await description.GetStaticSummaryAsync());
            Assert.Equal("| stage | status |\n|---|---|\n| 1 | running |", await description.GetStaticDetailsAsync());
            var started = (await handle.FetchHistoryAsync()).Events.First();
            Assert.Equal("Release APIM 3.5.0", await SummaryOf(started));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
        });
    }

    [Fact]
    public async Task CommandSummaries_OnActivityTimerAndChildEvents()
    {
        using var worker = NewWorker();
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((MetadataWorkflow wf) => wf.RunAsync(), Options(worker.Options.TaskQueue!));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();

            var events = (await handle.FetchHistoryAsync()).Events;
            Assert.Equal("echo x", await SummaryOf(events.Single(e => e.EventType == EventType.ActivityTaskScheduled)));
            Assert.Equal("short nap", await SummaryOf(events.Single(e => e.EventType == EventType.TimerStarted)));
            Assert.Equal("child summary", await SummaryOf(events.Single(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated)));
            var child = await server.Client.GetWorkflowHandle($"{handle.Id}-child").DescribeAsync();
            Assert.Equal("child summary", await child.GetStaticSummaryAsync());
            Assert.Equal("child details", await child.GetStaticDetailsAsync());
            Assert.Null(await (await server.Client.GetWorkflowHandle($"{handle.Id}-child-leaf").DescribeAsync()).GetStaticSummaryAsync());
        });
    }

    [Fact]
    public async Task CurrentDetails_ServedByTheMetadataQuery()
    {
        using var worker = NewWorker();
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((MetadataWorkflow wf) => wf.RunAsync(), Options(worker.Options.TaskQueue!));

            var metadata = await handle.QueryAsync<WorkflowMetadata>("__temporal_workflow_metadata", []);

            Assert.Equal("**stage 1** of 2", metadata.CurrentDetails);
            Assert.Equal("MetadataWorkflow", metadata.Definition.Type);
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
        });
    }

    [Fact]
    public async Task Root_OfChildAndGrandchild_IsTheTopWorkflow()
    {
        using var worker = NewWorker();
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((MetadataWorkflow wf) => wf.RunAsync(), Options(worker.Options.TaskQueue!));
            await handle.SignalAsync(wf => wf.FinishAsync());

            var roots = await handle.GetResultAsync();

            var top = $"{handle.Id}/{handle.ResultRunId}";
            Assert.Equal(new RootsSeen(null, top, top), roots);
            var leaf = await server.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = $"{handle.Id}-child-leaf" },
            });
            Assert.Equal(handle.Id, leaf.WorkflowExecutionInfo.RootExecution.WorkflowId);
            Assert.Equal(handle.ResultRunId, leaf.WorkflowExecutionInfo.RootExecution.RunId);
            var leafStarted = (await server.Client.GetWorkflowHandle($"{handle.Id}-child-leaf").FetchHistoryAsync()).Events.First();
            Assert.Equal(handle.ResultRunId, leafStarted.WorkflowExecutionStartedEventAttributes.RootWorkflowExecution.RunId);
            var topStarted = (await handle.FetchHistoryAsync()).Events.First();
            Assert.Null(topStarted.WorkflowExecutionStartedEventAttributes.RootWorkflowExecution);
        });
    }

    [Fact]
    public async Task Metadata_SurvivesARestartWithDbFilename()
    {
        var directory = Directory.CreateTempSubdirectory("devserver-metadata-").FullName;
        try
        {
            var options = new DevServerOptions { Port = 0, PollTimeout = TimeSpan.FromSeconds(5), DbFilename = Path.Combine(directory, "temporal.db") };
            var queue = DevServerFixture.NewTaskQueue();
            string id;
            await using (var first = await TemporalDevServer.StartAsync(options))
            {
                var client = await TemporalClient.ConnectAsync(new(first.Address));
                var handle = await client.StartWorkflowAsync((MetadataWorkflow wf) => wf.RunAsync(), Options(queue));
                id = handle.Id;
            }
            await using var second = await TemporalDevServer.StartAsync(options);
            var again = await TemporalClient.ConnectAsync(new(second.Address));

            var description = await again.GetWorkflowHandle(id).DescribeAsync();

            Assert.Equal("Release APIM 3.5.0", await description.GetStaticSummaryAsync());
            Assert.Equal("| stage | status |\n|---|---|\n| 1 | running |", await description.GetStaticDetailsAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
