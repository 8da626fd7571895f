namespace Release.Analytics.Stats;

/// <summary>One run of a job: when it started, how long it took, whether it passed.</summary>
public sealed record RunPoint(DateTimeOffset StartedAt, TimeSpan Duration, bool Passed);

/// <summary>
/// A job's durations over the window: every run, and the median of each equal slice of the window
/// (a day for windows of a week or more), null for a slice without a run.
/// </summary>
public sealed record DurationSeries(
    string Project,
    string Job,
    DateTimeOffset From,
    TimeSpan Slice,
    IReadOnlyList<RunPoint> Runs,
    IReadOnlyList<TimeSpan?> SliceP50);
