using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Reports;

/// <summary>
/// The report of one stage (parallel execution set), logged as one event and kept for post-mortems.
/// The JSON names are the documented schema: change them only with <see cref="CurrentSchema"/>.
/// </summary>
public sealed record StageReport
{
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema_version")]
    public int SchemaVersion { get; init; } = CurrentSchema;

    [JsonPropertyName("release")]
    public required ReleaseRef Release { get; init; }

    [JsonPropertyName("stage")]
    public required StageRef Stage { get; init; }

    /// <summary>succeeded, failed, aborted or dry_run.</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("timings")]
    public required StageTimings Timings { get; init; }

    [JsonPropertyName("components")]
    public required IReadOnlyList<ComponentReport> Components { get; init; }

    /// <summary>
    /// The components of this stage that must be run again: every one whose outcome is not
    /// succeeded (failed, stopped while running, not started). Empty in reports older than it.
    /// </summary>
    [JsonPropertyName("rerun")]
    public IReadOnlyList<string> Rerun { get; init; } = [];

    /// <summary>Seed 000's list: each pipeline of the stage and its page, to look up its final state later.</summary>
    [JsonPropertyName("pipelines")]
    public required IReadOnlyList<PipelineLink> Pipelines { get; init; }

    /// <summary>
    /// Set on a digest: the report as it travels through history for a stage too large to carry
    /// whole. <c>components</c> then holds only those not succeeded (at most
    /// <see cref="StageDigest.MaxWholeComponents"/>), <c>pipelines</c> is empty, and
    /// <c>component_lines</c> lists every component; the whole report is in the store at this key.
    /// </summary>
    [JsonPropertyName("full_report")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoredReportRef? FullReport { get; init; }

    /// <summary>Every component's outcome, on digests only.</summary>
    [JsonPropertyName("component_lines")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ComponentLine>? ComponentLines { get; init; }

    /// <summary>Every component's outcome, from a whole report or a digest alike.</summary>
    public IReadOnlyList<ComponentLine> Outcomes() => ComponentLines
        ?? Components.Select(c => new ComponentLine(c.Name, c.Outcome, c.Pipeline?.Number)).ToList();
}

public sealed record ReleaseRef(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("workflow_id")] string WorkflowId);

public sealed record StageRef(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("manifest_stage")] int ManifestStage);

public sealed record StageTimings(
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("snapshot_at")] DateTimeOffset SnapshotAt,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds);

public sealed record PipelineLink(
    [property: JsonPropertyName("pipeline_guid")] string PipelineGuid,
    [property: JsonPropertyName("http_link")] string HttpLink);
