namespace Release.Workflows.Release;

/// <summary>The answer to the <c>progress</c> query.</summary>
public sealed record ReleaseProgress(string Status, int? CurrentStage, IReadOnlyList<StageProgress> Stages);

public sealed record StageProgress(int Index, string Status, IReadOnlyList<ComponentProgress> Components);

public sealed record ComponentProgress(string Name, string Status, long? PipelineNumber, string? Link);

/// <summary>Sent by a component workflow to its release once its pipeline exists.</summary>
public sealed record ComponentTriggered(string Name, PipelineRef Pipeline);
