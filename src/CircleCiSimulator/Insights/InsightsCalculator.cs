namespace Release.CircleCiSimulator;

/// <summary>
/// The insights metrics of a project, computed from its pipelines as the other endpoints serve
/// them: the workflows created in the reporting window, and their jobs that ran. A job copied as
/// passed into a rerun (same number, no time spent) is not a run of its own.
/// </summary>
internal static class InsightsCalculator
{
    private static readonly IReadOnlySet<string> FailedWorkflow = new HashSet<string>(["failed", "error"], StringComparer.Ordinal);

    public static IReadOnlyList<WorkflowInsightBody> Workflows(IReadOnlyList<PipelineView> pipelines, string projectId, DateTimeOffset now, TimeSpan window) =>
        Runs(pipelines, now, window)
            .GroupBy(r => r.Workflow.Plan.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => WorkflowInsight(g.Key, projectId, g.OrderBy(r => r.Workflow.CreatedAt).ToList(), window))
            .ToList();

    public static IReadOnlyList<JobInsightBody> Jobs(IReadOnlyList<PipelineView> pipelines, string workflowName, string? jobName, DateTimeOffset now, TimeSpan window) =>
        Runs(pipelines, now, window)
            .Where(r => r.Workflow.Plan.Name == workflowName)
            .SelectMany(r => r.Jobs.Select(job => (r.Workflow, Job: job)))
            .Where(x => jobName is null || x.Job.Plan.Name == jobName)
            .GroupBy(x => x.Job.Plan.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => JobInsight(g.Key, g.Select(x => x.Job).ToList(), g.Min(x => x.Workflow.CreatedAt), g.Max(x => x.Workflow.CreatedAt), window))
            .ToList();

    /// <summary>What a job run cost; zero until it has stopped.</summary>
    public static double Credits(JobView job) =>
        job.StartedAt is { } started && job.StoppedAt is { } stopped
            ? CreditRates.Credits(job.Plan.ResourceClass, job.Plan.Parallelism, stopped - started)
            : 0;

    private static WorkflowInsightBody WorkflowInsight(string name, string projectId, IReadOnlyList<WorkflowRun> runs, TimeSpan window)
    {
        var successful = runs.Where(r => r.Workflow.Status == "success").ToList();
        var failed = runs.Count(r => FailedWorkflow.Contains(r.Workflow.Status));
        var recoveries = Recoveries(runs);
        var metrics = new WorkflowMetricsBody(
            runs.Count,
            successful.Count,
            recoveries.Count == 0 ? 0 : (long)Math.Round(recoveries.Average(t => t.TotalSeconds)),
            (long)Math.Round(runs.Sum(r => r.Jobs.Sum(Credits))),
            failed,
            (double)successful.Count / runs.Count,
            DurationMetricsBody.Of(successful.Select(r => r.Workflow.StoppedAt!.Value - r.Workflow.CreatedAt)),
            recoveries.Count,
            runs.Count / window.TotalDays);
        return new WorkflowInsightBody(name, projectId, metrics, runs[0].Workflow.CreatedAt, runs[^1].Workflow.CreatedAt);
    }

    private static JobInsightBody JobInsight(string name, IReadOnlyList<JobView> jobs, DateTimeOffset first, DateTimeOffset last, TimeSpan window)
    {
        var successful = jobs.Where(j => j.Status == "success").ToList();
        var metrics = new JobMetricsBody(
            jobs.Count,
            jobs.Count(j => JobStatuses.Failure.Contains(j.Status)),
            successful.Count,
            DurationMetricsBody.Of(successful.Select(j => j.StoppedAt!.Value - j.StartedAt!.Value)),
            (double)successful.Count / jobs.Count,
            (long)Math.Round(jobs.Sum(Credits)),
            jobs.Count / window.TotalDays);
        return new JobInsightBody(name, metrics, first, last);
    }

    // From the first failure after a success (or the start) to the next success, per workflow name.
    private static List<TimeSpan> Recoveries(IReadOnlyList<WorkflowRun> runs)
    {
        var recoveries = new List<TimeSpan>();
        DateTimeOffset? brokenSince = null;
        foreach (var run in runs.Where(r => r.Workflow.StoppedAt is not null))
        {
            if (FailedWorkflow.Contains(run.Workflow.Status))
            {
                brokenSince ??= run.Workflow.StoppedAt;
            }
            else if (run.Workflow.Status == "success" && brokenSince is { } since)
            {
                recoveries.Add(run.Workflow.StoppedAt!.Value - since);
                brokenSince = null;
            }
        }

        return recoveries;
    }

    private static IEnumerable<WorkflowRun> Runs(IReadOnlyList<PipelineView> pipelines, DateTimeOffset now, TimeSpan window)
    {
        var from = now - window;
        foreach (var pipeline in pipelines)
        {
            var numbersSeen = new HashSet<long>();
            foreach (var workflow in pipeline.Workflows)
            {
                // Workflows appear in creation order, so a rerun's copied job comes after the job it copies.
                var ran = workflow.Jobs
                    .Where(j => !j.Plan.IsApproval && j.Plan.Number is { } number && numbersSeen.Add(number))
                    .Where(j => j.Status is not ("blocked" or "not_run"))
                    .ToList();
                if (workflow.CreatedAt >= from && workflow.CreatedAt <= now)
                {
                    yield return new WorkflowRun(workflow, ran);
                }
            }
        }
    }

    private sealed record WorkflowRun(WorkflowView Workflow, IReadOnlyList<JobView> Jobs);
}
