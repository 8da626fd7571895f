using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// Histories the server writes must replay deterministically in the SDK. One history per workflow
/// shape is exported to Histories/*.json (set EXPORT_HISTORIES=1 to refresh them) and replayed on
/// every build, so a server change that alters history shapes fails here.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class ReplayTests(DevServerFixture server)
{
    private static readonly string HistoriesFolder = Path.Combine(AppContext.BaseDirectory, "Histories");

    private static WorkflowReplayerOptions ReplayerOptions() => new WorkflowReplayerOptions()
        .AddWorkflow<ActivityTests.OneActivityWorkflow>()
        .AddWorkflow<WaitForSignalWorkflow>()
        .AddWorkflow<TimerWorkflow>()
        .AddWorkflow<CountdownWorkflow>()
        .AddWorkflow<ChildWorkflowTests.ParentWorkflow>();

    [Fact]
    public async Task FreshHistories_EveryShape_ReplayWithoutNondeterminism()
    {
        var histories = await RecordShapesAsync();
        foreach (var (shape, history) in histories)
        {
            var result = await new WorkflowReplayer(ReplayerOptions()).ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            Assert.True(result.ReplayFailure is null, $"{shape}: {result.ReplayFailure}");
            if (Environment.GetEnvironmentVariable("EXPORT_HISTORIES") == "1")
            {
                var folder = Path.Combine(FindTestProjectFolder(), "Histories");
                await File.WriteAllTextAsync(Path.Combine(folder, $"{shape}.json"), history.ToJson());
            }
        }
    }

    [Fact]
    public async Task CommittedHistories_Replay()
    {
        var files = Directory.GetFiles(HistoriesFolder, "*.json");
        Assert.True(files.Length >= 5, $"expected exported histories in {HistoriesFolder}");
        foreach (var file in files)
        {
            var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file));
            var result = await new WorkflowReplayer(ReplayerOptions()).ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            Assert.True(result.ReplayFailure is null, $"{Path.GetFileName(file)}: {result.ReplayFailure}");
        }
    }

    private async Task<List<(string Shape, WorkflowHistory History)>> RecordShapesAsync()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ActivityTests.OneActivityWorkflow>().AddWorkflow<WaitForSignalWorkflow>()
            .AddWorkflow<TimerWorkflow>().AddWorkflow<CountdownWorkflow>().AddWorkflow<ChildWorkflowTests.ParentWorkflow>()
            .AddAllActivities(new ActivityTests.Activities()));
        var tq = worker.Options.TaskQueue!;
        var histories = new List<(string, WorkflowHistory)>();
        await worker.ExecuteAsync(async () =>
        {
            var activity = await server.Client.StartWorkflowAsync((ActivityTests.OneActivityWorkflow wf) =>
                wf.RunAsync(new("fail-twice", "x")), new("replay-activity-retry-" + Guid.NewGuid(), tq));
            await activity.GetResultAsync();
            histories.Add(("activity-with-retries", await activity.FetchHistoryAsync()));

            var timer = await server.Client.StartWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(50), new("replay-timer-" + Guid.NewGuid(), tq));
            await timer.GetResultAsync();
            histories.Add(("timer", await timer.FetchHistoryAsync()));

            var signals = await server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(3), new("replay-signals-" + Guid.NewGuid(), tq));
            await signals.SignalAsync(wf => wf.AddAsync("a"));
            await signals.QueryAsync(wf => wf.Count);
            await signals.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("b"));
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowUpdateFailedException>(() => signals.ExecuteUpdateAsync(wf => wf.AddAndCountAsync("")));
            await signals.SignalAsync(wf => wf.AddAsync("c"));
            await signals.GetResultAsync();
            histories.Add(("signals-query-updates", await signals.FetchHistoryAsync()));

            var countdown = await server.Client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(2, ""), new("replay-continue-" + Guid.NewGuid(), tq));
            await countdown.GetResultAsync();
            histories.Add(("continue-as-new-first-run", await server.Client.GetWorkflowHandle(countdown.Id, countdown.ResultRunId).FetchHistoryAsync()));

            var childId = "replay-child-" + Guid.NewGuid();
            var parent = await server.Client.StartWorkflowAsync((ChildWorkflowTests.ParentWorkflow wf) =>
                wf.RunAsync(new("signal-child", childId)), new("replay-parent-" + Guid.NewGuid(), tq));
            await parent.GetResultAsync();
            histories.Add(("child-with-signal", await parent.FetchHistoryAsync()));
        });
        return histories;
    }

    private static string FindTestProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DevServer.Tests.csproj")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("DevServer.Tests.csproj not found above the test binaries");
    }
}
