using Dapper;

namespace Release.Analytics.Store;

/// <summary>
/// CircleCI's insights as collected: a snapshot per project and reporting window, replaced whole
/// at each collection, so a workflow that no longer ran in the window leaves it.
/// </summary>
public sealed partial class AnalyticsStore
{
    private const string DeleteInsights = "DELETE FROM insights WHERE project_slug = @Slug AND reporting_window = @Window";

    private const string InsertInsight = """
        INSERT INTO insights (project_slug, workflow_name, job_name, reporting_window, total_runs, successful_runs, failed_runs,
            credits_used, median_ms, p95_ms, window_start_ms, window_end_ms, collected_ms)
        VALUES (@ProjectSlug, @WorkflowName, @JobName, @ReportingWindow, @TotalRuns, @SuccessfulRuns, @FailedRuns,
            @CreditsUsed, @MedianMs, @P95Ms, @WindowStartMs, @WindowEndMs, @CollectedMs)
        ON CONFLICT (project_slug, workflow_name, job_name, reporting_window) DO UPDATE SET
            total_runs = excluded.total_runs,
            successful_runs = excluded.successful_runs,
            failed_runs = excluded.failed_runs,
            credits_used = excluded.credits_used,
            median_ms = excluded.median_ms,
            p95_ms = excluded.p95_ms,
            window_start_ms = excluded.window_start_ms,
            window_end_ms = excluded.window_end_ms,
            collected_ms = excluded.collected_ms
        """;

    private const string SelectInsights = $"""
        SELECT {InsightRow.Columns} FROM insights
        WHERE (@Slug IS NULL OR project_slug = @Slug) AND (@Window IS NULL OR reporting_window = @Window)
        ORDER BY project_slug, reporting_window, workflow_name, job_name
        """;

    private const string SelectCredits = """
        SELECT project_slug AS ProjectSlug, CAST(SUM(credits_used) AS BIGINT) AS Credits FROM insights
        WHERE reporting_window = @Window AND job_name = '' AND credits_used IS NOT NULL
        GROUP BY project_slug ORDER BY project_slug
        """;

    /// <summary>
    /// Replaces, in one transaction, the project's insights over <paramref name="reportingWindow"/>
    /// with <paramref name="insights"/> (which must all be of that project and window).
    /// </summary>
    public async Task ReplaceInsightsAsync(string slug, string reportingWindow, IEnumerable<StoredInsight> insights, CancellationToken cancellationToken = default)
    {
        var rows = insights.ToList();
        if (rows.FirstOrDefault(i => i.ProjectSlug != slug || i.ReportingWindow != reportingWindow) is { } stray)
        {
            throw new ArgumentException($"an insight of {stray.ProjectSlug} over {stray.ReportingWindow} is not one of {slug} over {reportingWindow}", nameof(insights));
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteInsights, new { Slug = slug, Window = reportingWindow }, transaction, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertInsight, InsightRow.Parameters(row), transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The insights stored, of one project and one window when given; workflows before their jobs.</summary>
    public async Task<IReadOnlyList<StoredInsight>> InsightsAsync(string? slug = null, string? reportingWindow = null, CancellationToken cancellationToken = default) =>
        (await QueryAsync<InsightRow>(SelectInsights, new { Slug = slug, Window = reportingWindow }, cancellationToken)).Select(r => r.ToRecord()).ToList();

    /// <summary>Credits per project over a window: the sum of its workflows' (a plan that reports none is left out).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CreditsAsync(string reportingWindow, CancellationToken cancellationToken = default) =>
        (await QueryAsync<CreditsRow>(SelectCredits, new { Window = reportingWindow }, cancellationToken)).ToDictionary(r => r.ProjectSlug, r => r.Credits, StringComparer.Ordinal);

    private sealed class CreditsRow
    {
        public string ProjectSlug { get; set; } = "";

        public long Credits { get; set; }
    }
}
