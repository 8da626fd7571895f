using System.Text.Json;

namespace Release.Logging.Formatting;

/// <summary>
/// A property whose value is a whole JSON document (a string holding JSON), written into the ECS
/// event as a nested object under <see cref="Field"/> rather than as an escaped string, so
/// Filebeat ships it to Elasticsearch as is. Its event gets its own dataset and action.
/// </summary>
public sealed record DocumentProperty(string PropertyName, string Field, string Dataset, string Action, Func<JsonElement, string?> Outcome)
{
    /// <summary>
    /// The stage report that ReportActivities logs (schema in src/Workflows/Release/README.md).
    /// ECS <c>event.outcome</c> allows success, failure or unknown.
    /// </summary>
    public static DocumentProperty StageReport { get; } = new(
        "StageReport",
        "stage_report",
        "release.stage_report",
        "stage-report",
        report => report.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String
            ? outcome.GetString() switch
            {
                "succeeded" => "success",
                "failed" or "aborted" => "failure",
                _ => "unknown",
            }
            : null);
}
