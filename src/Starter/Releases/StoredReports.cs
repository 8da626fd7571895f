using System.Text.Json;
using Release.Activities.Release;
using Release.Workflows.Release.Reports;

namespace Release.Starter.Releases;

/// <summary>
/// Replaces the digests in a release's summary (large stages, whose whole report stayed out of
/// workflow history) with the whole reports from the report store, where this machine can read it.
/// </summary>
public static class StoredReports
{
    public static async Task<ReleaseSummary?> WholeAsync(ReleaseSummary? summary, string workflowId, string runId, ReportStore store, CancellationToken cancellationToken)
    {
        if (summary is null || summary.Stages.All(s => s.FullReport is null))
        {
            return summary;
        }

        var stages = new List<StageReport>();
        foreach (var stage in summary.Stages)
        {
            stages.Add(await TryWholeAsync(stage, workflowId, runId, store, cancellationToken) ?? stage);
        }

        return summary with { Stages = stages };
    }

    /// <summary>What a printer says of a digest it shows because the whole report is not readable here.</summary>
    public static string Note(StageReport digest) =>
        $"digest: {digest.Components.Count} of {digest.FullReport!.Components} components shown; the whole report {digest.FullReport.Key} is not in this machine's report store "
        + $"(set {ReportStore.FolderVariable} to the worker's report folder, or find the stage's log event in ELK)";

    private static async Task<StageReport?> TryWholeAsync(StageReport stage, string workflowId, string runId, ReportStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.WholeAsync(stage, workflowId, runId, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            // A damaged or unreadable file: the digest still tells what happened.
            return null;
        }
    }
}
