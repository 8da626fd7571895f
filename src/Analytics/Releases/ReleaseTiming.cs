namespace Release.Analytics.Releases;

/// <summary>Where a release's time went, over all its runs (a resumed release has several).</summary>
/// <param name="WallTime">From the first stage's start in the first run to the last stage's end in the last.</param>
/// <param name="Stages">The last run's stages, each with the component that held it longest.</param>
/// <param name="CriticalPath">
/// The chain of pipelines the last run waited on, first to last: the pipeline that ended last, then
/// the one that ended last before it started, and so on. Stages or dependsOn, each link is what
/// held the next one back.
/// </param>
/// <param name="LostToEarlierRuns">Wall time of the runs that ended without releasing and were resumed: work done again.</param>
/// <param name="WaitingForResume">Time between one run's end and the next run's start.</param>
/// <param name="FailedPipelineTime">Pipeline time of the components that failed, in every run.</param>
public sealed record ReleaseTiming(
    TimeSpan WallTime,
    IReadOnlyList<RunTiming> Runs,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<CriticalLink> CriticalPath,
    TimeSpan LostToEarlierRuns,
    TimeSpan WaitingForResume,
    TimeSpan FailedPipelineTime)
{
    /// <summary>The sum of the critical components' pipeline times: no orchestrator could release faster.</summary>
    public TimeSpan CriticalPipelineTime => CriticalPath.Aggregate(TimeSpan.Zero, (sum, link) => sum + link.Duration);
}

/// <param name="Outcome">The outcome of its last stage: succeeded, failed, aborted.</param>
public sealed record RunTiming(string RunId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome, int Stages)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}

/// <param name="Component">The stage's slowest component run in this run; null when none ran here (all reused).</param>
/// <param name="Pipeline">Its pipeline's time, created to stopped.</param>
/// <param name="Overhead">The stage's time beyond that pipeline: triggering, watching, reporting, a wait for a decision.</param>
public sealed record StageTiming(int Stage, TimeSpan Duration, string? Component, TimeSpan? Pipeline, string Outcome)
{
    public TimeSpan? Overhead => Pipeline is { } pipeline ? Duration - pipeline : null;
}

/// <summary>One pipeline on the critical path.</summary>
public sealed record CriticalLink(int Stage, string Component, DateTimeOffset CreatedAt, DateTimeOffset StoppedAt)
{
    public TimeSpan Duration => StoppedAt - CreatedAt;
}
