using System.Text.Json;
using Microsoft.Extensions.Logging;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Activities;

namespace Release.Activities.Release;

/// <summary>
/// Publishes stage reports as one structured log event each: the whole JSON document travels in
/// the <c>StageReport</c> property, so Filebeat ships it to Elasticsearch intact.
/// </summary>
public sealed class ReportActivities(ILogger<ReportActivities> logger)
{
    [Activity(ActivityNames.LogStageReport)]
    public void LogStageReport(StageReport report)
    {
        var json = JsonSerializer.Serialize(report);
        logger.LogInformation(
            "Release {ReleaseName} {ReleaseVersion} stage {StageIndex} {StageOutcome}: {StageReason} {StageReport}",
            report.Release.Name,
            report.Release.Version,
            report.Stage.Index,
            report.Outcome,
            report.Reason,
            json);
    }
}
