using Release.Activities.Release;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>
/// Replaces the digests in a release's summary (large stages, whose whole report stayed out of
/// workflow history) with the whole reports from the report store, where this machine can read it.
/// </summary>
public static class StoredReports
{
    public static async Task<ReleaseSummary?> WholeAsync(ReleaseSummary? summary, string workflowId, string runId, ReportStore store, CancellationToken cancellationToken)
    {
        if (summary is null)
        {
            return null;
        }

        try
        {
            return await store.WholeStagesAsync(summary, workflowId, runId, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder this user may not read: the digests still tell what happened.
            return summary;
        }
    }

    /// <summary>What a printer says of a digest it shows because the whole report is not readable here.</summary>
    public static string Note(StageReport digest) =>
        $"digest: {digest.Components.Count} of {digest.FullReport!.Components} components shown; the whole report {digest.FullReport.Key} is not in this machine's report store "
        + $"(set {ReportStore.FolderVariable} to the worker's report folder, or find the stage's log event in ELK)";
}
