using System.Globalization;
using Microsoft.Data.Sqlite;
using Release.Analytics.Store;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release;

namespace Starter.Tests;

/// <summary>
/// The ETA on the command line: <c>status</c> and <c>start --wait</c> of a release whose
/// components have a history in the worker's analytics store say when the stage and the release
/// are expected to end.
/// </summary>
[Collection(StarterCollection.Name)]
public sealed class EtaOutputTests(StarterFixture fixture)
{
    [Fact]
    public async Task Status_RunningReleaseWithHistory_ShowsStageAndReleaseEta()
    {
        // Histories far longer than the pipelines, so that the ETAs are in the future whenever
        // status asks: eta-first 10 min (p95 15), eta-after 5 min (p95 8).
        await AddHistoryAsync(("gh/acme/eta-first", 600, 900), ("gh/acme/eta-after", 300, 480));
        var (path, workflowId) = Manifests.Write(["eta-first"], ["eta-after"]);
        var start = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main");
        Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());
        try
        {
            var progress = await ProgressWaiting.UntilAsync(fixture.Client, workflowId, p => p.Stages[0].Eta is not null && p.Stages[0].Components[0].TriggeredAt is not null);
            var status = await Cli.RunAsync(fixture.Environment, "status", workflowId);
            var json = await Cli.RunAsync(fixture.Environment, "status", workflowId, "--json");

            Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
            var triggered = progress.Stages[0].Components[0].TriggeredAt!.Value;
            Assert.Contains(
                $"ETA: stage 1 ends ~{Clock(triggered.AddMinutes(10))} UTC (p95 {Clock(triggered.AddMinutes(15))}), "
                + $"release ~{Clock(triggered.AddMinutes(15))} UTC (p95 {Clock(triggered.AddMinutes(23))})",
                status.Out,
                StringComparison.Ordinal);
            var root = System.Text.Json.JsonDocument.Parse(json.Out).RootElement;
            Assert.Equal(triggered.AddMinutes(15), root.GetProperty("eta").GetProperty("ends_at").GetDateTimeOffset());
            Assert.Equal(triggered.AddMinutes(23), root.GetProperty("eta").GetProperty("late_at").GetDateTimeOffset());
            Assert.Equal(triggered.AddMinutes(10), root.GetProperty("stages")[0].GetProperty("eta").GetProperty("ends_at").GetDateTimeOffset());
            Assert.False(root.GetProperty("eta").GetProperty("partial").GetBoolean());
        }
        finally
        {
            // Its watch would wait for the predicted end, minutes away.
            await fixture.Client.GetWorkflowHandle(workflowId).TerminateAsync("the test has what it needs");
        }
    }

    [Fact]
    public async Task StartWait_ReleaseWithPartialHistory_PrintsEtaNamingComponentsWithout()
    {
        await AddHistoryAsync(("gh/acme/eta-known", 3, 4));
        var (path, _) = Manifests.Write(["eta-known", "eta-unknown"]);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--poll-interval", "0.1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"ETA: stage 1 ends ~\d\d:\d\d UTC \(p95 \d\d:\d\d\), release ~\d\d:\d\d UTC \(p95 \d\d:\d\d\); partial: no history for eta-unknown", result.Out);
    }

    [Fact]
    public void EtaNote_NoComponentWithHistory_SaysUnknownAndNamesThem()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero);
        var progress = new ReleaseProgress(
            "running",
            1,
            [
                new StageProgress(1, "succeeded", [new ComponentProgress("a", "succeeded", 1, null)]),
                new StageProgress(2, "running", [new ComponentProgress("b", "running", 2, null, at)], at, new Eta(null, null, ["b"])),
            ],
            Eta: new Eta(null, null, ["b", "c", "d", "e", "f", "g", "h"]));

        var note = ProgressTable.EtaNote(ReleaseView.FromProgress(progress, DateTimeOffset.UtcNow));

        Assert.Equal("ETA: stage 2 ends unknown, release unknown; unknown: no history for b, c, d, e, f and 2 more", note);
        Assert.Null(ProgressTable.EtaNote(ReleaseView.FromProgress(progress with { Eta = null }, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public void EtaNote_EndAlreadyPast_SaysOverdue()
    {
        var past = DateTimeOffset.UtcNow.AddMinutes(-10);
        var progress = new ReleaseProgress(
            "running",
            1,
            [new StageProgress(1, "running", [new ComponentProgress("a", "running", 1, null, past.AddMinutes(-5))], past, new Eta(past, past.AddMinutes(30), []))],
            Eta: new Eta(past, past.AddMinutes(30), []));

        var note = ProgressTable.EtaNote(ReleaseView.FromProgress(progress, DateTimeOffset.UtcNow));

        Assert.Equal($"ETA: stage 1 ends ~{Clock(past)} UTC (p95 {Clock(past.AddMinutes(30))}), overdue, release ~{Clock(past)} UTC (p95 {Clock(past.AddMinutes(30))}), overdue", note);
    }

    private static string Clock(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    // Three successful pipelines on main per project: p50 and p95 as given (nearest rank).
    private async Task AddHistoryAsync(params (string Slug, double P50, double P95)[] projects)
    {
        var store = await AnalyticsStore.OpenAsync(StoreLocation.Parse(fixture.PredictionsFile), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        foreach (var (slug, p50, p95) in projects)
        {
            double[] durations = [p50 * 0.9, p50, p95];
            for (var i = 0; i < durations.Length; i++)
            {
                var id = $"{slug}-{Guid.NewGuid():N}";
                var created = now.AddHours(-i - 1);
                await store.UpsertPipelineAsync(new StoredPipeline(id, slug, i + 1, "created", created, Branch: "main"));
                await store.UpsertWorkflowAsync(new StoredWorkflow($"{id}-w", id, slug, "build", "success", created, created + TimeSpan.FromSeconds(durations[i])));
            }
        }

        SqliteConnection.ClearAllPools();
    }
}
