namespace Release.Workflows.Release;

/// <param name="CancelPipelines">Also cancel the CircleCI workflows still running in the current stage.</param>
public sealed record AbortRequest(string Reason, bool CancelPipelines = false);
