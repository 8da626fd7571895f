namespace Release.Analytics.Stats;

/// <summary>
/// How one job of a project did over a window: how often it ran and passed, how long it took, how
/// long it queued, and whether its median got slower than in the window before.
/// </summary>
/// <param name="SuccessRate">Runs that ended <c>success</c>, over runs that ended (0 to 1).</param>
/// <param name="QueueP50">Median time from queued to started, where CircleCI gave both.</param>
/// <param name="PreviousP50">The median of the window before, null when it had no run.</param>
/// <param name="Regression">The median grew by <see cref="JobStatsCalculator.RegressionThreshold"/> or more against the window before.</param>
public sealed record JobStats(
    string Project,
    string Job,
    int Runs,
    double SuccessRate,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan Max,
    TimeSpan? QueueP50,
    TimeSpan? PreviousP50,
    bool Regression);
