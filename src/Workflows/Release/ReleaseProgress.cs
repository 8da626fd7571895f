namespace Release.Workflows.Release;

/// <summary>The answer to the <c>progress</c> query.</summary>
public sealed record ReleaseProgress(string Status, int? CurrentStage, IReadOnlyList<StageProgress> Stages);

/// <param name="StartedAt">When the stage started; null while pending.</param>
public sealed record StageProgress(int Index, string Status, IReadOnlyList<ComponentProgress> Components, DateTimeOffset? StartedAt = null);

/// <param name="TriggeredAt">When its pipeline was triggered; null before.</param>
public sealed record ComponentProgress(string Name, string Status, long? PipelineNumber, string? Link, DateTimeOffset? TriggeredAt = null);

/// <summary>Sent by a component workflow to its release once its pipeline exists.</summary>
public sealed record ComponentTriggered(string Name, PipelineRef Pipeline);
