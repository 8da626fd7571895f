using System.Text.Json;
using Microsoft.Extensions.Logging;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Activities;

namespace Release.Activities.Release;

/// <summary>
/// Publishes stage reports as one structured log event each: the whole JSON document travels in
/// the <c>StageReport</c> property, so Filebeat ships it to Elasticsearch intact. A digest (a large
/// stage's report as it travels through history) is replaced by the whole report from the store.
/// </summary>
public sealed class ReportActivities(ILogger<ReportActivities> logger, ReportStore? reports = null)
{
    [Activity(ActivityNames.LogStageReport)]
    public async Task LogStageReportAsync(StageReport report)
    {
        var whole = report;
        if (report.FullReport is { } stored)
        {
            var context = ActivityExecutionContext.Current;
            whole = reports is null ? null : await reports.WholeAsync(report, context.Info.WorkflowId ?? report.Release.WorkflowId, context.Info.WorkflowRunId ?? "", context.CancellationToken);
            if (whole is null)
            {
                // Another worker's store, not shared with this one: the digest is all there is to log.
                logger.LogWarning(
                    "Release {ReleaseName} {ReleaseVersion} stage {StageIndex}: the whole report {ReportKey} is not in this worker's report store ({ReportsFolder}); logging its digest",
                    report.Release.Name,
                    report.Release.Version,
                    report.Stage.Index,
                    stored.Key,
                    reports?.Folder ?? "none configured");
                whole = report;
            }
        }

        logger.LogInformation(
            "Release {ReleaseName} {ReleaseVersion} stage {StageIndex} {StageOutcome}: {StageReason} {StageReport}",
            whole.Release.Name,
            whole.Release.Version,
            whole.Stage.Index,
            whole.Outcome,
            whole.Reason,
            JsonSerializer.Serialize(whole));
    }
}
