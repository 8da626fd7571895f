namespace Release.Workflows.CircleCi;

/// <summary>A workflow of a pipeline as last seen through the API.</summary>
public sealed record WorkflowObservation(string Id, string Name, CircleCiWorkflowStatus Status);
