using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Reports;

/// <summary>
/// Where the whole report of a stage is kept when only its digest travels through workflow history
/// (a real cluster refuses payloads over 2 MB): a key in the worker's report store.
/// </summary>
/// <param name="Key">The report's path relative to the store's folder (<c>RELEASE_REPORTS_DIR</c>).</param>
/// <param name="Parts">0 when the report was snapshotted in one piece; else how many part files it was assembled from.</param>
/// <param name="Components">How many components the whole report lists.</param>
public sealed record StoredReportRef(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("parts")] int Parts,
    [property: JsonPropertyName("components")] int Components);

/// <summary>One component of a digest: enough for the release's progress and re-run list, without its jobs.</summary>
public sealed record ComponentLine(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("pipeline_number")] long? PipelineNumber);

/// <summary>One slice of a large stage, snapshotted by its own activity so no payload grows with the stage.</summary>
/// <param name="Index">0-based.</param>
public sealed record ReportPart(int Index, int Count);
