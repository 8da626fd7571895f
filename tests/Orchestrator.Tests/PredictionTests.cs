using Microsoft.Data.Sqlite;
using Release.Activities.Release;
using Release.Analytics.Store;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Xunit.Abstractions;

namespace Orchestrator.Tests;

/// <summary>
/// Releases whose components have a CircleCI history in the analytics store: the progress carries
/// ETAs, and a polling-only watch reads its pipeline around the expected end instead of on the
/// backoff from the start.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class PredictionTests(OrchestratorFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    // 101 scenario seconds (setup included): 5.05 s of wall time at the harness's scale.
    private const string Long = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 100 } ] } ] }""";

    private const string Quick = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 16 } ] } ] }""";

    private static readonly string Scenario =
        $$"""{ "token": "{{ReleaseHarness.Token}}", "seed": 3, "faults": {}, "projects": { "gh/acme/a1": {{Long}}, "*": {{Quick}} } }""";

    // Long polls: with the harness's fast watch, at most 1 s apart, and no continue-as-new to count across.
    private static readonly ReleaseSettings Settings = new(Watch: ReleaseHarness.FastWatch with { PollsPerRun = 100 });

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"predictions-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Progress_ComponentsWithHistory_EtaPerStageAndForTheReleasePartialWithoutHistory()
    {
        // a1 and b1 have history on main; a2 has none.
        var store = await StoreWithHistoryAsync(("gh/acme/a1", TimeSpan.FromSeconds(5)), ("gh/acme/b1", TimeSpan.FromSeconds(1)));
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenario, predictions: store);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1", "a2"], ["b1"]), Settings);

        var progress = await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].TriggeredAt is not null && p.Stages[0].Eta is not null);

        var a1 = progress.Stages[0].Components[0];
        var stage1 = progress.Stages[0].Eta!;
        Assert.Equal(a1.TriggeredAt + TimeSpan.FromSeconds(5), stage1.EndsAt);
        Assert.Equal(a1.TriggeredAt + TimeSpan.FromSeconds(5.2), stage1.LateAt);
        Assert.Equal(["a2"], stage1.Unknown);
        Assert.True(stage1.Partial);
        var stage2 = progress.Stages[1].Eta!;
        Assert.Equal(stage1.EndsAt + TimeSpan.FromSeconds(1), stage2.EndsAt);
        Assert.Equal(stage1.LateAt + TimeSpan.FromSeconds(1.2), stage2.LateAt);
        Assert.Empty(stage2.Unknown);
        Assert.Equal((stage2.EndsAt, stage2.LateAt), (progress.Eta!.EndsAt, progress.Eta.LateAt));
        Assert.Equal(["a2"], progress.Eta.Unknown);

        // The Web UI's current details say it too (as of the release's last step).
        var metadata = await handle.QueryAsync<Temporalio.Api.Sdk.V1.WorkflowMetadata>("__temporal_workflow_metadata", []);
        Assert.Matches(@"\*\*: running, schedule stages, expected to end ~\d\d:\d\d UTC \(p95 \d\d:\d\d\), without 1 component\(s\) that have no history", metadata.CurrentDetails);

        var summary = await handle.GetResultAsync();
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var ended = await handle.QueryAsync(wf => wf.GetProgress());
        Assert.All(ended.Stages, s => Assert.Null(s.Eta));
        await HistoryExport.SaveIfAskedAsync("release-predictions.json", await handle.FetchHistoryAsync());
        await HistoryExport.SaveIfAskedAsync("component-predictions.json", await fixture.Client.GetWorkflowHandle($"{handle.Id}/a1").FetchHistoryAsync());
    }

    [Fact]
    public async Task Progress_NoHistory_NoEta()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenario, predictions: new ExpectedDurationSource(StoreLocation.Parse(Path.Combine(folder, "absent.db"))));
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1"]), Settings);

        Assert.Equal(StageOutcomes.Succeeded, (await handle.GetResultAsync()).Outcome);

        var progress = await handle.QueryAsync(wf => wf.GetProgress());
        Assert.Null(progress.Eta);
        Assert.False(File.Exists(Path.Combine(folder, "absent.db")), "reading predictions created the store");
    }

    [Fact]
    public async Task Watch_PollingOnlyWithHistory_FewerReadsThanWithout()
    {
        var without = await WatchReadsAsync(predictions: null);
        var with = await WatchReadsAsync(await StoreWithHistoryAsync(("gh/acme/a1", TimeSpan.FromSeconds(5.05))));

        output.WriteLine($"a1 (5.05 s): {without.Reads} reads without history, detected {without.Latency.TotalSeconds:F2} s after its end; {with.Reads} with, {with.Latency.TotalSeconds:F2} s");

        // Without: the backoff from 0.2 s to 1 s over 5 s, about 8 reads. With: the first read
        // (setup), halfway, at p50, and at most one interval after.
        Assert.True(with.Reads < without.Reads, $"{with.Reads} reads with history, {without.Reads} without");
        Assert.InRange(with.Reads, 2, 4);
        Assert.True(without.Reads >= 6, $"{without.Reads} reads without history");

        // Seen about as soon as without history: within the watch's longest interval (1 s), plus
        // room for a loaded CI machine's scheduling (1.7 s against 0.65 s was seen there once).
        Assert.True(with.Latency <= without.Latency + TimeSpan.FromSeconds(3), $"detected {with.Latency} after its end with history, {without.Latency} without");
    }

    [Fact]
    public async Task WorkerProcess_AnalyticsStoreWithHistory_ReadsExpectedDurationsFromIt()
    {
        var store = await StoreWithHistoryAsync(("gh/acme/a1", TimeSpan.FromSeconds(5)));
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenario, inProcessWorker: false);
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = harness.Client.Connection.Options.TargetHost!,
            ["TEMPORAL_NAMESPACE"] = harness.Client.Options.Namespace,
            ["TEMPORAL_TASK_QUEUE"] = harness.TaskQueue,
            ["CIRCLECI_BASE_URL"] = harness.Simulator.BaseUrl.ToString(),
            ["CIRCLECI_TOKEN"] = ReleaseHarness.Token,
            ["RELEASE_ANALYTICS_STORE"] = store.Location.Description,
        });
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), Settings);

        var progress = await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].TriggeredAt is not null && p.Eta is not null);

        Assert.Equal(progress.Stages[0].Components[0].TriggeredAt + TimeSpan.FromSeconds(5), progress.Eta!.EndsAt);
        Assert.Equal(StageOutcomes.Succeeded, (await handle.GetResultAsync()).Outcome);
    }

    private async Task<(int Reads, TimeSpan Latency)> WatchReadsAsync(ExpectedDurationSource? predictions)
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenario, predictions: predictions);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), Settings);
        var summary = await handle.GetResultAsync();
        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);

        var child = fixture.Client.GetWorkflowHandle($"{handle.Id}/a1");
        var history = await child.FetchHistoryAsync();
        var reads = history.Events.Count(e => e.ActivityTaskScheduledEventAttributes?.ActivityType?.Name == ActivityNames.GetPipelineStatus);
        var stopped = summary.Stages[0].Components[0].Pipeline!.Timings.StoppedAt!.Value;
        var closed = (await child.DescribeAsync()).CloseTime!.Value;
        return (reads, closed - stopped);
    }

    // Five successful pipelines on main per project, around the given duration: p50 = duration,
    // p95 = duration + 0.2 s.
    private async Task<ExpectedDurationSource> StoreWithHistoryAsync(params (string Slug, TimeSpan Duration)[] projects)
    {
        var location = StoreLocation.Parse(Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
        var store = await AnalyticsStore.OpenAsync(location, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        foreach (var (slug, duration) in projects)
        {
            double[] offsets = [-0.2, -0.1, 0, 0.1, 0.2];
            for (var i = 0; i < offsets.Length; i++)
            {
                var id = $"{slug}-{i}";
                var created = now.AddHours(-i - 1);
                await store.UpsertPipelineAsync(new StoredPipeline(id, slug, i + 1, "created", created, Branch: "main"));
                await store.UpsertWorkflowAsync(new StoredWorkflow($"{id}-w", id, slug, "build", "success", created, created + duration + TimeSpan.FromSeconds(offsets[i])));
            }
        }

        return new ExpectedDurationSource(location);
    }
}
