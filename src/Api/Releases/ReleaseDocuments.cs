using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.Api.Releases;

/// <summary>The body of <c>POST /api/v1/releases</c>: a manifest inline, or a path in the configured release repository.</summary>
/// <param name="Manifest">A release.json document.</param>
/// <param name="ManifestPath">A path relative to RELEASE_API_REPOSITORY, e.g. release-data/release.json.</param>
/// <param name="Branch">The branch of components whose manifest entry names none.</param>
/// <param name="Parameters">Pipeline parameters for every component (JSON types kept).</param>
/// <param name="OnFailure">stop (default) or ask: wait for an operator's decision on a failed component.</param>
/// <param name="ApproveBeforeStages">Stages that wait for an approval before they start.</param>
/// <param name="PollIntervalSeconds">The first status poll interval (default 2 s, backing off).</param>
public sealed record StartReleaseRequest(
    JsonElement? Manifest = null,
    string? ManifestPath = null,
    string? Branch = null,
    Dictionary<string, JsonElement>? Parameters = null,
    bool DryRun = false,
    string? OnFailure = null,
    int[]? ApproveBeforeStages = null,
    double? PollIntervalSeconds = null,
    bool AllowEmpty = false,
    bool PublishEvents = true);

/// <summary>What a start, a resume or an operator's request answers.</summary>
public sealed record ReleaseHandle(string WorkflowId, string RunId, string Status, ReleaseLinks Links, string? Message = null);

public sealed record ReleaseLinks(string Self, string Events, string Report, string? TemporalUi, string Dashboard);

/// <summary>One line of the releases list.</summary>
public sealed record ReleaseListItem(
    string WorkflowId, string RunId, string? Product, string? Version, string Status, DateTimeOffset? StartedAt, DateTimeOffset? ClosedAt, double? DurationSeconds);

public sealed record ReleaseList(IReadOnlyList<ReleaseListItem> Releases, string? NextPageToken);

/// <summary>A release's progress: every stage and component as the progress query (or, once closed, the reports) says.</summary>
public sealed record ReleaseDetail(
    string WorkflowId,
    string RunId,
    string Product,
    string Version,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? ClosedAt,
    string? Failure,
    DateTimeOffset? ExpectedEnd,
    IReadOnlyList<StageDetail> Stages,
    IReadOnlyList<WaitingDetail> Waiting,
    PausedDetail? Paused,
    IReadOnlyList<ActionDetail> Actions,
    ReleaseLinks Links);

public sealed record StageDetail(int Index, string Status, DateTimeOffset? ExpectedEnd, IReadOnlyList<ComponentDetail> Components);

/// <param name="ElapsedSeconds">How long its pipeline ran; null while it runs (time it from <paramref name="TriggeredAt"/>) or when unknown.</param>
/// <param name="TriggeredAt">While the release runs: when this run's pipeline was triggered.</param>
public sealed record ComponentDetail(string Name, string Status, long? PipelineNumber, string? Link, double? ElapsedSeconds, DateTimeOffset? TriggeredAt = null);

/// <summary>A decision or approval the release waits for.</summary>
/// <param name="FailedJobs">A decision's: why the component failed, once the worker has read it from CircleCI.</param>
public sealed record WaitingDetail(
    string Kind, string Reason, DateTimeOffset Since, string? Component, int? Stage, DateTimeOffset? Deadline, IReadOnlyList<FailedJobDetail>? FailedJobs = null);

/// <summary>A failed job's failing step and the end of its output (secrets masked by the worker).</summary>
/// <param name="OutputUnavailable">Why there is no output, when CircleCI would not give it.</param>
/// <param name="OutputCut">The output was longer than the worker reads: the job's page has the rest.</param>
public sealed record FailedJobDetail(
    string Job, string? WebUrl, string Step, long? ExitCode, IReadOnlyList<string> OutputTail, bool OutputCut, string? OutputUnavailable);

public sealed record PausedDetail(string By, string Reason, DateTimeOffset Since);

public sealed record ActionDetail(string Kind, string By, string Reason, DateTimeOffset At, string? Component, int? Stage);

public sealed record AbortBody(string Reason, bool CancelPipelines = false);

public sealed record DecisionBody(string Component, string Action, string Reason, bool RerunFailed = false);

public sealed record ApprovalBody(string Reason, int? Stage = null);

public sealed record ReasonBody(string Reason);

/// <param name="Only">Component names to trigger again (the rest are reused where they succeeded).</param>
/// <param name="FromStage">Trigger everything from this stage on.</param>
public sealed record ResumeBody(string Reason, IReadOnlyList<string>? Only = null, int? FromStage = null, bool RerunFailed = false);

/// <summary>The JSON shape of every document: camelCase, enums as strings, no nulls left out (a client can rely on every key).</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }
}
