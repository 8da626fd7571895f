namespace Release.Workflows.Release.Events;

/// <summary>Transitions of one release to publish, in the order they happened: the events activity's input.</summary>
public sealed record ReleaseEventBatch(IReadOnlyList<ReleaseTransition> Transitions);
