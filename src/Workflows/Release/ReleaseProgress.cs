using Release.Workflows.Release.Control;

namespace Release.Workflows.Release;

/// <summary>The answer to the <c>progress</c> query.</summary>
/// <param name="Schedule">Null from releases started before schedules existed (stages).</param>
/// <param name="Waiting">What the release waits for from an operator: decisions and approvals.</param>
/// <param name="Paused">The current pause, if the release is paused.</param>
/// <param name="Actions">Every operator action so far, oldest first.</param>
/// <param name="Eta">When the release is expected to end; null without expected durations (no analytics history, or an older release).</param>
public sealed record ReleaseProgress(
    string Status,
    int? CurrentStage,
    IReadOnlyList<StageProgress> Stages,
    ReleaseSchedule? Schedule = null,
    IReadOnlyList<WaitingFor>? Waiting = null,
    PausePeriod? Paused = null,
    IReadOnlyList<OperatorAction>? Actions = null,
    Eta? Eta = null);

/// <param name="StartedAt">When the stage started; null while pending.</param>
/// <param name="Eta">When it is expected to end; null once ended, or without expected durations.</param>
public sealed record StageProgress(int Index, string Status, IReadOnlyList<ComponentProgress> Components, DateTimeOffset? StartedAt = null, Eta? Eta = null);

/// <param name="Status">
/// pending, starting, running, then an outcome of <see cref="Reports.ComponentOutcomes"/>; also
/// <c>queued</c> (ready, held by a pause, a pending decision or the parallelism cap),
/// <c>awaiting_decision</c> and <c>awaiting_approval</c>.
/// </param>
/// <param name="TriggeredAt">When its pipeline was triggered; null before.</param>
public sealed record ComponentProgress(string Name, string Status, long? PipelineNumber, string? Link, DateTimeOffset? TriggeredAt = null);

/// <summary>Sent by a component workflow to its release once its pipeline exists.</summary>
public sealed record ComponentTriggered(string Name, PipelineRef Pipeline);
