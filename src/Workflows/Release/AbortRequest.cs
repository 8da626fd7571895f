namespace Release.Workflows.Release;

/// <param name="CancelPipelines">Also cancel the CircleCI workflows still running in the current stage.</param>
/// <param name="By">Who asked, for the abort event; null from clients older than it.</param>
public sealed record AbortRequest(string Reason, bool CancelPipelines = false, string? By = null);
