namespace Release.Workflows.CircleCi;

/// <summary>The choices the status rules leave to the release, with safe defaults.</summary>
public sealed record VerdictPolicy
{
    /// <summary>
    /// False by default: a release pipeline whose workflow did not run did not build the component,
    /// and the next stage would build against a version that was never published.
    /// </summary>
    public bool NotRunIsSuccess { get; init; }

    /// <summary>
    /// False by default, for the same reason: a pipeline whose configuration filtered out every
    /// workflow (wrong branch or parameters) built nothing.
    /// </summary>
    public bool NoWorkflowsIsSuccess { get; init; }
}
