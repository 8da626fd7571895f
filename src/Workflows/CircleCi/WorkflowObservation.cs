namespace Release.Workflows.CircleCi;

/// <summary>A workflow of a pipeline as last seen through the API.</summary>
/// <param name="CreatedAt">
/// When CircleCI created it: of two workflows with one name in a pipeline, the later is a re-run of
/// the earlier (by the release or by someone in the CircleCI app) and alone counts. Null in older histories.
/// </param>
public sealed record WorkflowObservation(string Id, string Name, CircleCiWorkflowStatus Status, DateTimeOffset? CreatedAt = null);
