using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;

namespace Release.Workflows.Release;

/// <param name="ReleaseWorkflowId">Where to signal the pipeline once triggered, for the progress query.</param>
/// <param name="Resume">Set when continuing as new: the pipeline is already triggered.</param>
/// <param name="IndexPipeline">Set the CircleCiPipelineId search attribute, so webhooks can find this workflow.</param>
/// <param name="RerunFailed">Instead of triggering a pipeline, re-run this failed CircleCI workflow from its failed jobs and watch its pipeline.</param>
/// <param name="Expected">How long its pipeline usually takes: a polling-only watch polls around its expected end. Null without history (and in older histories).</param>
public sealed record ComponentInput(
    string ReleaseWorkflowId,
    int Stage,
    PlannedComponent Component,
    string Branch,
    WatchSettings Watch,
    OnHoldSettings OnHold,
    VerdictPolicy Verdict,
    WatchState? Resume = null,
    bool IndexPipeline = false,
    Control.RerunInPipeline? RerunFailed = null,
    ExpectedDuration? Expected = null);

/// <summary>What a CircleCI webhook said about a pipeline: a hint to poll now.</summary>
/// <param name="Type">The webhook's event type, e.g. <c>workflow-completed</c>.</param>
public sealed record PipelineEvent(string Type, string? WorkflowId = null, string? Status = null);

/// <summary>What a component workflow carries across continue-as-new.</summary>
/// <param name="WebhooksExpected">The worker receives CircleCI webhooks: polls are only a safety net.</param>
public sealed record WatchState(PipelineRef Pipeline, TimeSpan Interval, DateTimeOffset? OnHoldSince, int Runs, bool WebhooksExpected = false);

/// <summary>A triggered pipeline, as a workflow keeps it.</summary>
public sealed record PipelineRef(string Id, long Number, string ProjectSlug, string Branch, DateTimeOffset TriggeredAt)
{
    /// <summary>The pipeline's page in the CircleCI web app.</summary>
    public string WebUrl => CircleCiLinks.Pipeline(ProjectSlug, Number);
}

public enum ComponentOutcome
{
    Succeeded,
    Failed,

    /// <summary>The release stopped watching it (another component failed, or an abort).</summary>
    Stopped,

    /// <summary>Its pipeline was never triggered (a dry run, or the release stopped first).</summary>
    NotStarted,

    /// <summary>An operator decided to skip it after it failed. Appended: the values are in histories as numbers.</summary>
    Skipped,
}

public sealed record ComponentResult(
    string Name,
    ComponentOutcome Outcome,
    string Reason,
    PipelineRef? Pipeline,
    WorkflowObservation? DecidingWorkflow = null);

/// <param name="Parameters">Pipeline parameters as JSON values.</param>
public sealed record TriggerRequest(
    string ProjectSlug,
    string Branch,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement> Parameters);

/// <summary>Asks CircleCI to re-run a workflow (from its failed jobs), in the same pipeline.</summary>
public sealed record RerunRequest(string WorkflowId, bool FromFailed = true);

/// <param name="WorkflowId">The new CircleCI workflow the re-run created.</param>
public sealed record RerunStarted(string WorkflowId, bool WebhooksExpected = false);

/// <param name="WebhooksExpected">The triggering worker receives CircleCI webhooks.</param>
public sealed record TriggeredPipeline(string Id, long Number, DateTimeOffset CreatedAt, bool FoundExisting, bool WebhooksExpected = false);

/// <summary>One observation of a pipeline: what <see cref="PipelineVerdictRules"/> needs.</summary>
/// <param name="WebhooksArriving">False when the worker expects webhooks but none came from this project lately; null (older histories too): unknown.</param>
public sealed record PipelineStatus(PipelineState State, IReadOnlyList<WorkflowObservation> Workflows, bool? WebhooksArriving = null);
