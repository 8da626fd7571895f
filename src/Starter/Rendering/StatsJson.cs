using Release.Analytics.Stats;

namespace Release.Starter.Rendering;

/// <summary><c>release stats --json</c>: every figure of the report, durations in seconds, rates from 0 to 1.</summary>
internal static class StatsJson
{
    public static object Document(StatsReport report) => new
    {
        from = report.From,
        to = report.To,
        window_seconds = report.Window.TotalSeconds,
        projects = report.ProjectSummaries.Select(p => new
        {
            project = p.Project,
            workflow_runs = p.WorkflowRuns,
            success_rate = p.SuccessRate,
            minutes = p.Minutes,
            credits = p.Credits,
            credits_source = p.Source.Label(),
        }),
        workflows = report.Workflows.Select(w => new
        {
            project = w.Project,
            workflow = w.Workflow,
            runs = w.Runs,
            success_rate = w.SuccessRate,
            p50_seconds = w.P50.TotalSeconds,
            p95_seconds = w.P95.TotalSeconds,
            max_seconds = w.Max.TotalSeconds,
            previous_p50_seconds = w.PreviousP50?.TotalSeconds,
            change = w.Change,
            regression = w.Regression,
        }),
        jobs = report.Jobs.Select(s => new
        {
            project = s.Project,
            job = s.Job,
            runs = s.Runs,
            success_rate = s.SuccessRate,
            p50_seconds = s.P50.TotalSeconds,
            p95_seconds = s.P95.TotalSeconds,
            max_seconds = s.Max.TotalSeconds,
            queue_p50_seconds = s.QueueP50?.TotalSeconds,
            previous_p50_seconds = s.PreviousP50?.TotalSeconds,
            regression = s.Regression,
        }),
        flaky = report.Flaky.Select(f => new
        {
            project = f.Project,
            workflow = f.Workflow,
            job = f.Job,
            occurrences = f.Occurrences,
            last_seen = f.LastSeen,
            last_revision = f.LastRevision,
        }),
        costs = report.Costs.Select(c => new
        {
            project = c.Project,
            workflow = c.Workflow,
            jobs = c.Jobs,
            minutes = c.Minutes,
            credits = c.Credits,
            estimated_credits = c.EstimatedCredits,
            source = c.Source.Label(),
            unpriced_resource_classes = c.UnpricedClasses,
        }),
        series = report.Series.Select(s => new
        {
            project = s.Project,
            job = s.Job,
            slice_seconds = s.Slice.TotalSeconds,
            slice_p50_seconds = s.SliceP50.Select(p => p?.TotalSeconds),
            runs = s.Runs.Select(r => new { started_at = r.StartedAt, duration_seconds = r.Duration.TotalSeconds, passed = r.Passed }),
        }),
    };
}
