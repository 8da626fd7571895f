using System.Text.Json.Serialization;

namespace Release.Activities.CircleCi;

/// <summary>
/// A workflow of a pipeline; only the id is required. <see cref="Status"/> stays a raw string (see
/// the reference README for its values); absent, it is "" and parses as Unknown, i.e. not finished.
/// </summary>
public sealed record CircleCiWorkflow
{
    [JsonRequired]
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>success, running, not_run, failed, error, failing, on_hold, canceled, unauthorized, or a newer value.</summary>
    public string Status { get; init; } = "";

    public string PipelineId { get; init; } = "";

    public long? PipelineNumber { get; init; }

    public string ProjectSlug { get; init; } = "";

    public string? StartedBy { get; init; }

    public string? CanceledBy { get; init; }

    public string? ErroredBy { get; init; }

    /// <summary>"setup" for the setup workflow of a dynamic config.</summary>
    public string? Tag { get; init; }

    public long? AutoRerunNumber { get; init; }

    public long? MaxAutoReruns { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }
}
