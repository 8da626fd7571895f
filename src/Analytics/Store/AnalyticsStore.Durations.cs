using Release.Analytics.Stats;

namespace Release.Analytics.Store;

// How long a project's pipelines usually take: what the orchestrator's ETA and poll schedule use.
public sealed partial class AnalyticsStore
{
    /// <summary>Fewer successful pipelines than this in the window say too little to predict from.</summary>
    public const int MinimumDurationSamples = 3;

    // A pipeline's duration: created to its last workflow stopped. Only pipelines whose every
    // workflow succeeded and stopped count: a failure (and the re-run after it) is not how long
    // a release waits for a good pipeline. Grouped in SQL, so both databases return one row per
    // pipeline; the percentiles are computed here, since SQLite has no percentile function.
    private const string SuccessfulPipelineDurations = """
        SELECT p.branch AS Branch, p.created_ms AS CreatedMs, MAX(w.stopped_ms) - p.created_ms AS DurationMs
        FROM pipelines p JOIN workflows w ON w.pipeline_id = p.id
        WHERE p.project_slug = @Slug AND p.created_ms >= @FromMs AND p.created_ms < @ToMs AND p.state <> 'errored'
        GROUP BY p.id, p.branch, p.created_ms
        HAVING SUM(CASE WHEN w.status = 'success' AND w.stopped_ms IS NOT NULL THEN 0 ELSE 1 END) = 0
        """;

    /// <summary>
    /// The p50 and p95 of the project's successful pipeline durations created in
    /// [<paramref name="to"/> - <paramref name="window"/>, <paramref name="to"/>): those of
    /// <paramref name="branch"/> when it has at least <see cref="MinimumDurationSamples"/>, else
    /// those of all branches; null ("no history") when even all branches have fewer.
    /// </summary>
    public async Task<PipelineDurations?> PipelineDurationsAsync(
        string slug, string? branch, DateTimeOffset to, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var rows = await SuccessfulPipelinesAsync(slug, to - window, to, cancellationToken);
        IReadOnlyList<SuccessfulPipeline> onBranch = branch is null ? [] : rows.Where(r => r.Branch == branch).ToList();
        var (chosen, chosenBranch) = onBranch.Count >= MinimumDurationSamples ? (onBranch, branch) : (rows, (string?)null);
        if (chosen.Count < MinimumDurationSamples)
        {
            return null;
        }

        var sorted = chosen.Select(r => r.Duration).Order().ToList();
        return new PipelineDurations(
            slug, chosenBranch, JobStatsCalculator.Percentile(sorted, 0.5), JobStatsCalculator.Percentile(sorted, 0.95), sorted.Count);
    }

    /// <summary>The project's successful pipelines created in [<paramref name="from"/>, <paramref name="to"/>), oldest first, with how long each took.</summary>
    public async Task<IReadOnlyList<SuccessfulPipeline>> SuccessfulPipelinesAsync(
        string slug, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<DurationRow>(
            SuccessfulPipelineDurations,
            new { Slug = slug, FromMs = UnixMillis.From(from), ToMs = UnixMillis.From(to) },
            cancellationToken);
        return rows
            .Select(r => new SuccessfulPipeline(r.Branch, UnixMillis.To(r.CreatedMs), TimeSpan.FromMilliseconds(Math.Max(r.DurationMs, 0))))
            .OrderBy(p => p.CreatedAt)
            .ToList();
    }

    private sealed class DurationRow
    {
        public string? Branch { get; set; }

        public long CreatedMs { get; set; }

        public long DurationMs { get; set; }
    }
}

/// <summary>A pipeline whose every workflow succeeded: when it was created and how long it took to its last workflow's stop.</summary>
public sealed record SuccessfulPipeline(string? Branch, DateTimeOffset CreatedAt, TimeSpan Duration);

/// <summary>How long a project's successful pipelines took over a window.</summary>
/// <param name="Branch">The branch the figures are of; null: all branches (the branch had too few).</param>
public sealed record PipelineDurations(string Slug, string? Branch, TimeSpan P50, TimeSpan P95, int Samples);
