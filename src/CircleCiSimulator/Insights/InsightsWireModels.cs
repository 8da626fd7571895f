namespace Release.CircleCiSimulator;

// The insights answers of CircleCI's OpenAPI description (snake_case by the app's JSON options).

internal sealed record WorkflowInsightBody(string Name, string ProjectId, WorkflowMetricsBody Metrics, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <param name="Mttr">Seconds from a failed run to the next successful one, on average.</param>
internal sealed record WorkflowMetricsBody(
    long TotalRuns,
    long SuccessfulRuns,
    long? Mttr,
    long? TotalCreditsUsed,
    long FailedRuns,
    double SuccessRate,
    DurationMetricsBody DurationMetrics,
    long? TotalRecoveries,
    double Throughput);

internal sealed record JobInsightBody(string Name, JobMetricsBody Metrics, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

internal sealed record JobMetricsBody(
    long TotalRuns,
    long FailedRuns,
    long SuccessfulRuns,
    DurationMetricsBody DurationMetrics,
    double SuccessRate,
    long? TotalCreditsUsed,
    double Throughput);

/// <summary>Whole seconds over the successful runs, null when there were none.</summary>
internal sealed record DurationMetricsBody(long? Min, long? Mean, long? Median, long? P95, long? Max, double? StandardDeviation)
{
    public static DurationMetricsBody Of(IEnumerable<TimeSpan> durations)
    {
        var seconds = durations.Select(d => (long)Math.Round(d.TotalSeconds)).Order().ToList();
        if (seconds.Count == 0)
        {
            return new DurationMetricsBody(null, null, null, null, null, null);
        }

        var mean = seconds.Average();
        var deviation = Math.Sqrt(seconds.Average(s => (s - mean) * (s - mean)));
        return new DurationMetricsBody(seconds[0], (long)Math.Round(mean), NearestRank(seconds, 0.5), NearestRank(seconds, 0.95), seconds[^1], deviation);
    }

    private static long NearestRank(IReadOnlyList<long> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
