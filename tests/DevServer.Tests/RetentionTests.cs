using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// Retention: closed runs are deleted once their namespace's retention has passed since they closed,
/// from memory and from the database; a namespace registered with its own retention keeps to it.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devserver-retention-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static DevServerOptions Options(TimeSpan retention, string? dbFilename = null) =>
        new() { Port = 0, PollTimeout = TimeSpan.FromSeconds(5), Retention = retention, DbFilename = dbFilename };

    /// <summary>Starts a WaitForSignalWorkflow, finishes it and waits for its result; returns its id.</summary>
    private static async Task<string> RunToCompletionAsync(ITemporalClient client, string taskQueue)
    {
        var handle = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(0), new(DevServerFixture.NewWorkflowId("kept"), taskQueue));
        await handle.SignalAsync(wf => wf.FinishAsync());
        await handle.GetResultAsync();
        return handle.Id;
    }

    private static async Task<bool> ExistsAsync(ITemporalClient client, string workflowId)
    {
        try
        {
            await client.GetWorkflowHandle(workflowId).DescribeAsync();
            return true;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<TemporalClient> ConnectAsync(TemporalDevServer server, string ns = "default") =>
        await TemporalClient.ConnectAsync(new(server.Address) { Namespace = ns });

    private static TemporalWorker NewWorker(ITemporalClient client, string taskQueue) =>
        new(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<WaitForSignalWorkflow>());

    [Fact]
    public async Task ClosedRun_DeletedAfterServerRetention_RunningOneKept()
    {
        await using var server = await TemporalDevServer.StartAsync(Options(TimeSpan.FromMilliseconds(500)));
        var client = await ConnectAsync(server);
        var queue = DevServerFixture.NewTaskQueue();
        using var worker = NewWorker(client, queue);
        await worker.ExecuteAsync(async () =>
        {
            var running = await client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(0), new(DevServerFixture.NewWorkflowId("running"), queue));
            var closedId = await RunToCompletionAsync(client, queue);
            Assert.True(await ExistsAsync(client, closedId));

            await ChildWorkflowTests.WaitUntilAsync(async () => !await ExistsAsync(client, closedId));

            Assert.True(await ExistsAsync(client, running.Id));
            var listed = await client.ListWorkflowsAsync($"WorkflowId = '{closedId}'").ToListAsync();
            Assert.Empty(listed);
            await running.TerminateAsync();
        });
    }

    [Fact]
    public async Task RegisteredNamespaceRetention_WinsOverTheServers()
    {
        await using var server = await TemporalDevServer.StartAsync(Options(TimeSpan.FromHours(24)));
        var admin = await ConnectAsync(server);
        await admin.WorkflowService.RegisterNamespaceAsync(new()
        {
            Namespace = "short-lived",
            WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(500)),
        });
        var described = await admin.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "short-lived" });
        Assert.Equal(TimeSpan.FromMilliseconds(500), described.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());
        var defaultNs = await admin.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "default" });
        Assert.Equal(TimeSpan.FromHours(24), defaultNs.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());

        var shortClient = await ConnectAsync(server, "short-lived");
        var queue = DevServerFixture.NewTaskQueue();
        string keptId = "", goneId = "";
        using (var defaultWorker = NewWorker(admin, queue))
        {
            await defaultWorker.ExecuteAsync(async () => keptId = await RunToCompletionAsync(admin, queue));
        }
        using (var shortWorker = NewWorker(shortClient, queue))
        {
            await shortWorker.ExecuteAsync(async () => goneId = await RunToCompletionAsync(shortClient, queue));
        }

        await ChildWorkflowTests.WaitUntilAsync(async () => !await ExistsAsync(shortClient, goneId));

        Assert.True(await ExistsAsync(admin, keptId));
    }

    [Fact]
    public async Task RegisterNamespace_NegativeRetention_InvalidArgument()
    {
        await using var server = await TemporalDevServer.StartAsync(Options(TimeSpan.FromHours(24)));
        var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.WorkflowService.RegisterNamespaceAsync(new()
        {
            Namespace = "negative",
            WorkflowExecutionRetentionPeriod = new Duration { Seconds = -5 },
        }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task WithDbFilename_RunClosedBeforeRestart_ExpiresAfterItAndIsDeletedFromTheFile()
    {
        var file = Path.Combine(_directory, "temporal.db");
        var queue = DevServerFixture.NewTaskQueue();
        string closedId = "";
        await using (var first = await TemporalDevServer.StartAsync(Options(TimeSpan.FromHours(24), file)))
        {
            var client = await ConnectAsync(first);
            using var worker = NewWorker(client, queue);
            await worker.ExecuteAsync(async () => closedId = await RunToCompletionAsync(client, queue));
        }
        await using (var second = await TemporalDevServer.StartAsync(Options(TimeSpan.FromMilliseconds(500), file)))
        {
            var client = await ConnectAsync(second);
            await ChildWorkflowTests.WaitUntilAsync(async () => !await ExistsAsync(client, closedId));
        }
        // Back with a long retention: had the run only left memory, the file would bring it back.
        await using var third = await TemporalDevServer.StartAsync(Options(TimeSpan.FromHours(24), file));
        Assert.False(await ExistsAsync(await ConnectAsync(third), closedId));
    }

    [Theory]
    [InlineData("--retention", "2h", 2 * 3600)]
    [InlineData("--retention=90s", null, 90)]
    [InlineData("--retention", "7d", 7 * 86400)]
    public void RetentionFlag_Parsed(string flag, string? value, int seconds)
    {
        string[] args = value is null ? [flag] : [flag, value];
        Assert.Null(DevServerCommandLine.TryParse(args, out var options));
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.Retention);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("99999d")]
    public async Task RetentionFlag_BadValue_OneLineErrorAndExitCode2(string value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DevServerCommandLine.RunAsync(["--retention", value], output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: --retention needs a positive duration", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public void NamespaceRecord_OfFormat1_ReadsWithTheServersRetention()
    {
        var writer = new Release.DevServer.Persistence.SnapshotWriter();
        writer.Reset();
        writer.Int(1);
        writer.String("old");
        writer.String("id-1");
        writer.Int(0);

        var ns = Release.DevServer.Persistence.NamespaceCodec.Read(writer.Written.ToArray());

        Assert.Equal("old", ns.Name);
        Assert.Null(ns.Retention);
    }

    [Fact]
    public void DefaultRetention_Is24Hours_AsTemporalServerStartDev() =>
        Assert.Equal(TimeSpan.FromHours(24), new DevServerOptions().Retention);
}
