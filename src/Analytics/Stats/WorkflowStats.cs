namespace Release.Analytics.Stats;

/// <summary>How one workflow of a project did over a window, created to stopped, and against the window before.</summary>
/// <param name="SuccessRate">Runs that ended <c>success</c>, over runs that ended (0 to 1).</param>
/// <param name="PreviousP50">The median of the window before, null when it had no run.</param>
/// <param name="Change">The median's change against the window before (0.25 is 25% slower), null without one.</param>
/// <param name="Regression">The median grew by <see cref="JobStatsCalculator.RegressionThreshold"/> or more.</param>
public sealed record WorkflowStats(
    string Project,
    string Workflow,
    int Runs,
    double SuccessRate,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan Max,
    TimeSpan? PreviousP50,
    double? Change,
    bool Regression);
