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
/// <param name="FinishedAt">When the release saw its pipeline end; null while it runs, and from older workers.</param>
public sealed record ComponentProgress(
    string Name, string Status, long? PipelineNumber, string? Link, DateTimeOffset? TriggeredAt = null, DateTimeOffset? FinishedAt = null)
{
    /// <summary>The statuses after which this run's pipeline no longer runs (a reused one never ran in this run).</summary>
    public static bool HasPipelineEnded(string status) =>
        status is Reports.ComponentOutcomes.Succeeded or Reports.ComponentOutcomes.Failed or Reports.ComponentOutcomes.Stopped
            or Reports.ComponentOutcomes.Skipped or "awaiting_decision";

    /// <summary>How long its pipeline ran, or has run so far at <paramref name="now"/>; null when unknown (or running and no <paramref name="now"/>).</summary>
    public TimeSpan? ElapsedAt(DateTimeOffset? now) => TriggeredAt switch
    {
        null => null,
        { } at when FinishedAt is { } end => end - at,
        { } at when now is { } time && Status is "starting" or "running" => time - at,
        _ => null,
    };
}

/// <summary>Sent by a component workflow to its release once its pipeline exists.</summary>
public sealed record ComponentTriggered(string Name, PipelineRef Pipeline);
