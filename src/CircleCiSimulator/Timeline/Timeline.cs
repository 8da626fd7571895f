namespace Release.CircleCiSimulator;

/// <summary>
/// What a pipeline looks like at an instant: a pure function of the run (scenario plan, trigger
/// time, approvals, cancellations) and now. Nothing is stored as it "progresses", which keeps the
/// simulator deterministic and lets tests check any instant directly.
/// </summary>
internal static class Timeline
{
    public static PipelineView Compute(PipelineRun run, DateTimeOffset now)
    {
        var s = run.ScenarioSeconds(now);
        var setup = run.Plan.SetupDelaySeconds;
        if (s < setup)
        {
            return new PipelineView(run, "pending", run.TriggeredAt, []);
        }

        var updatedAt = run.WallClock(setup);
        if (run.Plan.Errored)
        {
            return new PipelineView(run, "errored", updatedAt, []);
        }

        // Reruns are appended in time order, so leaving out those not created yet keeps the indexes.
        var workflows = run.Plan.Workflows.Where(w => (w.StartSeconds ?? setup) <= s).Select(w => Workflow(run, w, s)).ToList();
        return new PipelineView(run, "created", updatedAt, workflows);
    }

    private static WorkflowView Workflow(PipelineRun run, WorkflowPlan plan, double s)
    {
        var start = plan.StartSeconds ?? run.Plan.SetupDelaySeconds;
        var createdAt = run.WallClock(start);
        if (plan.FixedStatus is { } fixedStatus)
        {
            var stoppedAt = JobStatuses.TerminalWorkflow.Contains(fixedStatus) ? createdAt : (DateTimeOffset?)null;
            var idle = plan.Jobs.Select(j => new JobView(j, "not_run", null, null, null, false)).ToList();
            return new WorkflowView(plan, fixedStatus, createdAt, stoppedAt, false, idle);
        }

        double? cancelAt = run.Cancellations.TryGetValue(plan.Id, out var c) ? run.ScenarioSeconds(c) : null;
        var spans = NaturalSpans(run, plan, start);
        var jobs = plan.Jobs.Select((job, i) => JobAt(run, job, spans[i], cancelAt, s)).ToList();
        var status = JobStatuses.Workflow(jobs.Select(j => j.Status).ToList());
        DateTimeOffset? stopped = JobStatuses.TerminalWorkflow.Contains(status)
            ? jobs.Max(j => j.StoppedAt) ?? createdAt
            : null;
        var canceledByUser = cancelAt is { } at && s >= at && jobs.Any(j => j.Status == "canceled" && j.StoppedAt == run.WallClock(at));
        return new WorkflowView(plan, status, createdAt, stopped, canceledByUser, jobs);
    }

    /// <summary>
    /// When each job would become ready, start and end if nobody cancelled: jobs wait for their
    /// upstream jobs; a failed upstream makes them not_run; an approval ends when approved
    /// (null end: waits forever).
    /// </summary>
    private static Span[] NaturalSpans(PipelineRun run, WorkflowPlan plan, double workflowStart)
    {
        var spans = new Span[plan.Jobs.Count];
        for (var i = 0; i < spans.Length; i++)
        {
            var job = plan.Jobs[i];
            var upstream = job.Upstream.Select(u => spans[u]).ToList();
            double? ready = upstream.Count == 0 ? workflowStart
                : upstream.Any(u => u.End is null) ? null
                : upstream.Max(u => u.End!.Value);
            if (ready is not { } r)
            {
                spans[i] = new Span(null, null, null, job.FinalStatus);
            }
            else if (upstream.Any(u => u.Final != "success") || job.FinalStatus == "not_run")
            {
                spans[i] = new Span(r, null, r, "not_run");
            }
            else if (job.IsApproval)
            {
                double? approvedAt = run.Approvals.TryGetValue(job.Id, out var a) ? Math.Max(r, run.ScenarioSeconds(a)) : null;
                spans[i] = new Span(r, r, approvedAt, "success");
            }
            else
            {
                var begin = r + job.QueueSeconds;
                spans[i] = new Span(r, begin, begin + job.DurationSeconds, job.FinalStatus);
            }
        }

        return spans;
    }

    private static JobView JobAt(PipelineRun run, JobPlan job, Span span, double? cancelAt, double s)
    {
        // Cancelling sets every job not finished by then to canceled.
        if (cancelAt is { } c && s >= c && (span.End is null || span.End > c))
        {
            var queued = span.Ready is { } q && q <= c ? run.WallClock(q) : (DateTimeOffset?)null;
            var started = span.Start is { } st && st <= c ? run.WallClock(st) : (DateTimeOffset?)null;
            return new JobView(job, "canceled", queued, started, run.WallClock(c), false);
        }

        if (span.Ready is not { } ready || s < ready)
        {
            return new JobView(job, "blocked", null, null, null, false);
        }

        var queuedAt = run.WallClock(ready);
        if (span.Start is not { } start)
        {
            return new JobView(job, span.Final, null, null, null, false);
        }

        if (job.IsApproval)
        {
            return span.End is { } approved && s >= approved
                ? new JobView(job, "success", queuedAt, queuedAt, run.WallClock(approved), true)
                : new JobView(job, "on_hold", queuedAt, queuedAt, null, false);
        }

        var end = span.End!.Value;
        return s < start ? new JobView(job, "queued", queuedAt, null, null, false)
            : s < end ? new JobView(job, "running", queuedAt, run.WallClock(start), null, false)
            : new JobView(job, span.Final, queuedAt, run.WallClock(start), run.WallClock(end), false);
    }

    /// <summary>Scenario seconds: Ready = upstream done, Start = running, End = final (null: not known yet).</summary>
    private readonly record struct Span(double? Ready, double? Start, double? End, string Final);
}
