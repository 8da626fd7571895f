using System.Diagnostics;
using Release.Activities.Release;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.ReleaseBench;

/// <summary>What one release through the real stack measured.</summary>
internal sealed record ReleaseMeasurement(
    string Outcome,
    int Components,
    int Stages,
    double WallSeconds,
    double CriticalPathSeconds,
    IReadOnlyList<double> DetectionLatencySeconds,
    double? FailureToReportSeconds,
    long CircleCiCalls,
    long WatchCalls,
    long Triggers,
    int ReleaseHistoryEvents,
    int LargestComponentHistoryEvents,
    long WorkerPeakBytes,
    long ServerPeakBytes,
    HistorySize ReleaseHistory,
    HistorySize LargestComponentHistory,
    int DigestStages)
{
    public double Overhead => WallSeconds / CriticalPathSeconds;

    public double CallsPerPipeline => (double)CircleCiCalls / Components;

    public double WatchCallsPerPipeline => (double)WatchCalls / Components;
}

/// <summary>Runs one release of a scenario on a fresh stack and measures it.</summary>
internal static class ReleaseRun
{
    // A status poll reads the pipeline and its workflows; everything else is triggers and snapshots.
    private static readonly string[] StatusRoutes = ["GET /api/v2/pipeline/{id}", "GET /api/v2/pipeline/{id}/workflow"];

    /// <param name="analyticsStore">Where the worker reads expected durations; null: its default store.</param>
    public static async Task<ReleaseMeasurement> RunAsync(
        BenchScenario scenario, double timeScale, int seed, bool measureAllHistories, bool webhooks, string? analyticsStore = null)
    {
        await using var stack = await BenchStack.StartAsync(scenario, timeScale, seed, webhooks, analyticsStore: analyticsStore);
        var settings = new ReleaseSettings(Branch: "main", Watch: Scaled(WatchSettings.Default, timeScale));
        var plan = scenario.Plan;
        var options = ReleaseWorkflowOptions.For(plan, stack.TaskQueue);
        var clock = Stopwatch.StartNew();
        var handle = await stack.Client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput(plan, settings)), options);
        var digests = await ResultAsync(handle);
        var wall = clock.Elapsed.TotalSeconds;

        var release = await handle.DescribeAsync();
        var summary = await WholeReportsAsync(digests, handle.Id, release.RunId, stack.Reports);
        var latencies = new List<double>();
        var largestChild = HistorySize.None;
        foreach (var (stage, component) in summary.Stages.SelectMany(s => s.Components.Select(c => (s, c))))
        {
            var child = stack.Client.GetWorkflowHandle($"{handle.Id}/{component.Name}");
            // Only where each watch saw its pipeline's end: a stopped stage's watches ended early.
            if (stage.Outcome == StageOutcomes.Succeeded && component.Pipeline?.Timings.StoppedAt is { } terminal)
            {
                var closed = (await child.DescribeAsync()).CloseTime!.Value;
                latencies.Add((closed - terminal).TotalSeconds);
            }

            if (measureAllHistories || largestChild.Events == 0)
            {
                largestChild = HistorySize.Larger(largestChild, await HistorySize.OfAsync(child));
            }
        }

        double? failureToReport = null;
        if (summary.Outcome == StageOutcomes.Failed)
        {
            var failedAt = summary.Stages[^1].Components
                .Where(c => c.Outcome == "failed")
                .Min(c => c.Pipeline!.Timings.StoppedAt!.Value);
            failureToReport = (release.CloseTime!.Value - failedAt).TotalSeconds;
        }

        var stats = stack.Simulator.GetStats();
        var releaseHistory = await HistorySize.OfAsync(stack.Client.GetWorkflowHandle(handle.Id));
        return new ReleaseMeasurement(
            summary.Outcome,
            plan.Stages.Sum(s => s.Components.Count),
            plan.Stages.Count,
            wall,
            scenario.CriticalPathSeconds * timeScale,
            latencies,
            failureToReport,
            stats.TotalCalls,
            // The stage snapshots read each pipeline once per status route (no faults are
            // injected here); the rest of those calls are the watch's.
            StatusRoutes.Sum(stats.CallsTo) - (StatusRoutes.Length * summary.Stages.Sum(s => s.Components.Count(c => c.Pipeline is not null))),
            stats.Triggers.Values.Sum(),
            releaseHistory.Events,
            largestChild.Events,
            stack.Worker.PeakResidentBytes(),
            stack.Server.PeakResidentBytes(),
            releaseHistory,
            largestChild,
            digests.Stages.Count(s => s.FullReport is not null));
    }

    /// <summary>
    /// Polling intervals shrink with the simulator's clock, so polling delay keeps its share of the
    /// wall time while fixed costs (round trips, scheduling) weigh 1/scale times more: a conservative scaling.
    /// </summary>
    public static WatchSettings Scaled(WatchSettings watch, double timeScale) => watch with
    {
        InitialInterval = watch.InitialInterval * timeScale,
        MaxInterval = watch.MaxInterval * timeScale,
        WorkflowGrace = watch.WorkflowGrace * timeScale,
        WebhookSafetyInterval = (watch.WebhookSafetyInterval ?? WatchSettings.DefaultWebhookSafetyInterval) * timeScale,
    };

    public static async Task<ReleaseSummary> ResultAsync(WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle)
    {
        try
        {
            return await handle.GetResultAsync();
        }
        catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException { Details.Count: > 0 } failure)
        {
            return failure.Details.ElementAt<ReleaseSummary>(0);
        }
    }

    /// <summary>The release's result with each digest replaced by its whole report from the workers' store.</summary>
    private static async Task<ReleaseSummary> WholeReportsAsync(ReleaseSummary summary, string workflowId, string runId, ReportStore reports)
    {
        var whole = await reports.WholeStagesAsync(summary, workflowId, runId, CancellationToken.None);
        return whole.Stages.FirstOrDefault(s => s.FullReport is not null) is { } missing
            ? throw new InvalidOperationException($"stage {missing.Stage.Index}'s whole report is not in {reports.Folder}")
            : whole;
    }
}
