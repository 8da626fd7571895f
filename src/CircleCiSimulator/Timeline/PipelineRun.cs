using System.Collections.Immutable;
using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// A triggered pipeline: everything fixed at trigger time (ids, numbers, drawn durations) plus the
/// two things users change later (approvals, cancellations). Immutable: the state store swaps in a
/// new value on each change, and <see cref="Timeline"/> reads it without locks.
/// </summary>
internal sealed record PipelineRun(
    string Id,
    string ProjectSlug,
    long Number,
    string? Branch,
    string? Tag,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    string Revision,
    DateTimeOffset TriggeredAt,
    double TimeScale,
    PipelinePlan Plan)
{
    /// <summary>Approval request id → when it was approved.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Approvals { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>Workflow id → when it was cancelled.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Cancellations { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>
    /// For a pipeline of the scenario's history: how many of its workflows ran before the
    /// simulator started (no webhook is sent for those, as CircleCI sends none for the past).
    /// </summary>
    public int PastWorkflows { get; init; }

    /// <summary>Scenario seconds since the trigger at a wall-clock instant (time scale applied).</summary>
    public double ScenarioSeconds(DateTimeOffset at) => (at - TriggeredAt).TotalSeconds / TimeScale;

    /// <summary>The wall-clock instant of a scenario second.</summary>
    public DateTimeOffset WallClock(double scenarioSeconds) => TriggeredAt + TimeSpan.FromSeconds(scenarioSeconds * TimeScale);
}

internal sealed record PipelinePlan(double SetupDelaySeconds, bool Errored, string ErrorMessage, IReadOnlyList<WorkflowPlan> Workflows);

/// <summary>A workflow; <see cref="StartSeconds"/> is set on a rerun (it starts then), null for those that start at setup.</summary>
internal sealed record WorkflowPlan(string Id, string Name, string? FixedStatus, IReadOnlyList<JobPlan> Jobs, double? StartSeconds = null);

/// <summary>A job with its duration drawn; <see cref="Upstream"/> holds indexes of earlier jobs.</summary>
internal sealed record JobPlan(
    string Id,
    string Name,
    bool IsApproval,
    long? Number,
    double QueueSeconds,
    double DurationSeconds,
    string FinalStatus,
    IReadOnlyList<int> Upstream,
    string ResourceClass,
    string Executor,
    int Parallelism);
