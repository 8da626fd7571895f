namespace Release.Activities.CircleCi;

/// <summary>
/// One workflow's (or job's) summary from CircleCI's insights over a reporting window
/// (<c>GET /insights/{slug}/workflows</c>, <c>.../workflows/{name}/jobs</c>); only the name is needed.
/// </summary>
public sealed record CircleCiInsight
{
    public string Name { get; init; } = "";

    public CircleCiInsightMetrics? Metrics { get; init; }

    public DateTimeOffset? WindowStart { get; init; }

    public DateTimeOffset? WindowEnd { get; init; }
}

/// <param name="TotalCreditsUsed">Null when the plan does not report credits.</param>
public sealed record CircleCiInsightMetrics
{
    public long TotalRuns { get; init; }

    public long SuccessfulRuns { get; init; }

    public long FailedRuns { get; init; }

    public double? SuccessRate { get; init; }

    public long? TotalCreditsUsed { get; init; }

    public double? Throughput { get; init; }

    public CircleCiDurationMetrics? DurationMetrics { get; init; }
}

/// <summary>Whole seconds over the window's successful runs; each null when there were none.</summary>
public sealed record CircleCiDurationMetrics
{
    public long? Min { get; init; }

    public long? Mean { get; init; }

    public long? Median { get; init; }

    public long? P95 { get; init; }

    public long? Max { get; init; }
}
