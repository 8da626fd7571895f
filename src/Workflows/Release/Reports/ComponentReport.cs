using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Reports;

/// <summary>One component of a stage: its outcome (see <see cref="ComponentOutcomeRules"/>), and its pipeline as last seen.</summary>
/// <param name="Outcome">One of <see cref="ComponentOutcomes"/>.</param>
public sealed record ComponentReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("project_slug")] string ProjectSlug,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("pipeline")] PipelineReport? Pipeline);

/// <summary>Statuses are CircleCI's own spellings, so values CircleCI adds later pass through.</summary>
/// <remarks>A pipeline CircleCI refused to show at snapshot time has the state <see cref="Unreadable"/>,
/// no workflows, and the refusal in <c>errors</c>.</remarks>
public sealed record PipelineReport(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("project_slug")] string ProjectSlug,
    [property: JsonPropertyName("branch")] string? Branch,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("web_url")] string WebUrl,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("timings")] PipelineTimings Timings,
    [property: JsonPropertyName("workflows")] IReadOnlyList<WorkflowReport> Workflows)
{
    public const string Unreadable = "unreadable";
}

/// <param name="DurationSeconds">From creation to the last workflow's stop; null while any runs.</param>
public sealed record PipelineTimings(
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("stopped_at")] DateTimeOffset? StoppedAt,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds);

public sealed record WorkflowReport(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("web_url")] string WebUrl,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("stopped_at")] DateTimeOffset? StoppedAt,
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobReport> Jobs);

/// <param name="Number">Null for approval jobs.</param>
/// <param name="DurationMs">CircleCI's duration; null while the job runs.</param>
public sealed record JobReport(
    [property: JsonPropertyName("number")] long? Number,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("stopped_at")] DateTimeOffset? StoppedAt,
    [property: JsonPropertyName("duration_ms")] long? DurationMs,
    [property: JsonPropertyName("web_url")] string? WebUrl);
