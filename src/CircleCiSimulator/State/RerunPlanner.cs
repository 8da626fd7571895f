namespace Release.CircleCiSimulator;

/// <summary>
/// The plan of a rerun workflow, from the workflow as it ended: the jobs chosen rerun with fresh
/// ids, numbers and their planned durations; the others are copied as they ended, taking no time.
/// </summary>
internal static class RerunPlanner
{
    public static WorkflowPlan Plan(
        WorkflowView ended,
        IReadOnlySet<string> rerunJobIds,
        AttemptOutcome outcome,
        double startSeconds,
        Func<long> nextJobNumber)
    {
        var jobs = new List<JobPlan>();
        var rerun = new List<bool>();
        foreach (var job in ended.Jobs)
        {
            var plan = job.Plan;
            rerun.Add(rerunJobIds.Contains(plan.Id));
            if (!rerun[^1])
            {
                // An approval keeps its id so that its approval still counts in the new workflow.
                jobs.Add(plan with
                {
                    Id = plan.IsApproval ? plan.Id : Guid.NewGuid().ToString(),
                    QueueSeconds = 0,
                    DurationSeconds = 0,
                    FinalStatus = job.Status,
                });
                continue;
            }

            jobs.Add(plan with
            {
                Id = Guid.NewGuid().ToString(),
                Number = plan.IsApproval ? null : nextJobNumber(),
                FinalStatus = outcome == AttemptOutcome.Succeed ? Attempts.Succeeding(plan.FinalStatus) : plan.FinalStatus,
            });
        }

        if (outcome == AttemptOutcome.Fail && !jobs.Where((j, i) => rerun[i] && JobStatuses.Failure.Contains(j.FinalStatus)).Any())
        {
            // Still within failFirst, yet nothing rerun would fail: its last build job does.
            var last = Enumerable.Range(0, jobs.Count).LastOrDefault(i => rerun[i] && !jobs[i].IsApproval, -1);
            if (last >= 0)
            {
                jobs[last] = jobs[last] with { FinalStatus = "failed" };
            }
        }

        return new WorkflowPlan(Guid.NewGuid().ToString(), ended.Plan.Name, ended.Plan.FixedStatus, jobs, startSeconds);
    }
}
