using System.Text.Json.Serialization;
using Release.Workflows.Release.Control;

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
    [property: JsonPropertyName("pipeline")] PipelineReport? Pipeline)
{
    /// <summary>Set when an earlier run of the release released it: this run did not trigger it.</summary>
    [JsonPropertyName("reused_from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReusedFrom? ReusedFrom { get; init; }

    /// <summary>The operator's last decision about it (retry, skip, abort), if any.</summary>
    [JsonPropertyName("decision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OperatorAction? Decision { get; init; }
}

/// <summary>The earlier run whose pipeline a resumed release reuses for a component.</summary>
public sealed record ReusedFrom(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("pipeline_number")] long PipelineNumber,
    [property: JsonPropertyName("web_url")] string WebUrl);

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
    [property: JsonPropertyName("web_url")] string? WebUrl)
{
    /// <summary>For a failed job: its failing step and the end of that step's output (CircleCI v1.1), secrets redacted.</summary>
    [JsonPropertyName("failed_step")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FailedStepReport? FailedStep { get; init; }
}

/// <param name="OutputTail">The last lines of the step's output (50 at most), oldest first.</param>
/// <param name="OutputCut">The output was longer than was read: the job's page has the rest.</param>
/// <param name="OutputUnavailable">Why there is no output, else null.</param>
public sealed record FailedStepReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("exit_code")] long? ExitCode,
    [property: JsonPropertyName("parallel_index")] long? ParallelIndex,
    [property: JsonPropertyName("output_tail")] IReadOnlyList<string> OutputTail,
    [property: JsonPropertyName("output_cut")] bool OutputCut = false,
    [property: JsonPropertyName("output_unavailable")] string? OutputUnavailable = null);
