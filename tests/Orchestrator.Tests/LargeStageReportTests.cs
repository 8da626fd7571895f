using System.Text.Json;
using Release.DevServer.Engine;
using Release.DevServer.Hosting;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>
/// A stage too large for workflow history (a real cluster refuses payloads over 2 MB) is snapshotted
/// in slices and travels as a digest; the whole report is in the report store and in the log event.
/// Part size and inline limit are shrunk so five components stand for thousands.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class LargeStageReportTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_StageLargerThanAPart_SnapshotsInSlicesAndKeepsTheWholeReportOutOfHistory()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, reportInlineLimit: 0);
        var handle = await harness.StartReleaseAsync(
            ReleaseHarness.Plan(["a1"], ["b1", "b2", "b3", "b4", "b5"]),
            new ReleaseSettings(Watch: ReleaseHarness.FastWatch, ReportPartSize: 2));

        var summary = await handle.GetResultAsync();

        // Stage 1 fits one part: one snapshot, stored whole because it is over the (zero) inline limit.
        var small = summary.Stages[0];
        Assert.Equal(0, small.FullReport!.Parts);
        Assert.Equal(["a1"], small.ComponentLines!.Select(l => l.Name));

        // Stage 2: three slices of at most two, merged into one digest of every component's outcome.
        var large = summary.Stages[1];
        Assert.Equal(StageOutcomes.Succeeded, large.Outcome);
        Assert.Equal(new StoredReportRef(ReportKeys.Stage(handle.Id, handle.ResultRunId!, 2), 3, 5), large.FullReport);
        Assert.Equal(["b1", "b2", "b3", "b4", "b5"], large.ComponentLines!.Select(l => l.Name));
        Assert.All(large.ComponentLines!, l => Assert.Equal(ComponentOutcomes.Succeeded, l.Outcome));
        Assert.All(large.ComponentLines!, l => Assert.NotNull(l.PipelineNumber));
        Assert.Empty(large.Components);
        Assert.Empty(large.Pipelines);

        // The log event carries the whole report, assembled from the slices, and the store keeps it.
        var logged = harness.Reports.Events.Select(e => JsonDocument.Parse((string)e["StageReport"]!).RootElement).ToList();
        var loggedLarge = logged.Single(r => r.GetProperty("stage").GetProperty("index").GetInt32() == 2);
        Assert.Equal(5, loggedLarge.GetProperty("components").GetArrayLength());
        Assert.Equal(5, loggedLarge.GetProperty("pipelines").GetArrayLength());
        Assert.False(loggedLarge.TryGetProperty("full_report", out _));
        Assert.All(loggedLarge.GetProperty("components").EnumerateArray(), c =>
            Assert.NotEmpty(c.GetProperty("pipeline").GetProperty("workflows")[0].GetProperty("jobs").EnumerateArray()));
        var stored = await harness.Store!.ReadAsync(large.FullReport!.Key, CancellationToken.None);
        Assert.Equal(["b1", "b2", "b3", "b4", "b5"], stored!.Components.Select(c => c.Name));
        Assert.Equal(large.Reason, stored.Reason);

        // No job list went through history: every activity result there is a digest.
        var history = await handle.FetchHistoryAsync();
        await HistoryExport.SaveIfAskedAsync("release-report-parts.json", history);
        var snapshots = history.Events.Count(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == ActivityNames.SnapshotStage);
        Assert.Equal(4, snapshots);
        var results = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskCompleted)
            .Select(e => e.ActivityTaskCompletedEventAttributes.Result?.Payloads_.Single().Data.ToStringUtf8() ?? "");
        Assert.All(results, r => Assert.DoesNotContain("\"jobs\"", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_StageWhoseReportExceedsThePayloadLimit_CompletesWithinTheLimits()
    {
        // The real limits scaled down 64 times (2 MB → 32 KiB; parts of 500 → 8), so 40 components
        // stand for 2,500: their whole report is far over the payload limit.
        const long PayloadLimit = 32 * 1024;
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            PollTimeout = TimeSpan.FromSeconds(5),
            Limits = new ServerLimits { BlobSizeError = PayloadLimit, BlobSizeWarn = PayloadLimit / 4 },
        });
        var client = await TemporalClient.ConnectAsync(new(server.Address) { Namespace = "default" });
        await using var harness = await ReleaseHarness.StartAsync(client, Scenarios.AllQuick, reportInlineLimit: (int)PayloadLimit / 8);
        var names = Enumerable.Range(1, 40).Select(i => $"c{i:D2}").ToArray();
        var handle = await harness.StartReleaseAsync(
            ReleaseHarness.Plan(["a1"], names), new ReleaseSettings(Watch: ReleaseHarness.FastWatch, ReportPartSize: 8));

        var summary = await handle.GetResultAsync();

        Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
        var large = summary.Stages[1];
        Assert.Equal(5, large.FullReport!.Parts);
        var whole = await harness.Store!.ReadAsync(large.FullReport.Key, CancellationToken.None);
        Assert.Equal(40, whole!.Components.Count);
        var wholeBytes = JsonSerializer.SerializeToUtf8Bytes(whole).Length;
        Assert.True(wholeBytes > PayloadLimit, $"the whole report is {wholeBytes} bytes: it would fit in one payload, so this test proves nothing");
        var history = await handle.FetchHistoryAsync();
        var largest = history.Events.Max(e => e.CalculateSize());
        Assert.True(largest < PayloadLimit, $"an event of {largest} bytes");
    }

    [Fact]
    public async Task RunAsync_FailureInASlicedStage_DigestKeepsTheFailedComponentAndTheReruns()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails, reportInlineLimit: 0);
        var handle = await harness.StartReleaseAsync(
            ReleaseHarness.Plan(["b1", "b2", "b3", "b4", "b5"], ["c1"]),
            new ReleaseSettings(Watch: ReleaseHarness.FastWatch, ReportPartSize: 2));

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var summary = Assert.IsType<ApplicationFailureException>(failure.InnerException).Details.ElementAt<ReleaseSummary>(0);

        var stage = Assert.Single(summary.Stages);
        Assert.Equal(3, stage.FullReport!.Parts);
        var b2 = stage.Components.First();
        Assert.Equal("b2", b2.Name);
        Assert.Equal(ComponentOutcomes.Failed, b2.Outcome);
        Assert.NotEmpty(b2.Pipeline!.Workflows);
        Assert.StartsWith($"component b2 failed: {b2.Reason}", stage.Reason, StringComparison.Ordinal);
        Assert.Contains("b2", stage.Rerun);
        Assert.Equal(
            stage.ComponentLines!.Where(l => l.Outcome != ComponentOutcomes.Succeeded).Select(l => l.Name),
            stage.Rerun);
        Assert.All(stage.Components, c => Assert.NotEqual(ComponentOutcomes.Succeeded, c.Outcome));
        Assert.StartsWith(stage.Reason, summary.Reason, StringComparison.Ordinal);

        var whole = await harness.Store!.ReadAsync(stage.FullReport.Key, CancellationToken.None);
        Assert.Equal(5, whole!.Components.Count);
        Assert.Equal(stage.Rerun, whole.Rerun);
    }
}
