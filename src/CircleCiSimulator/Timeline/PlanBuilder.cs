namespace Release.CircleCiSimulator;

/// <summary>Turns a project spec into a pipeline plan at trigger time: ids, job numbers, drawn durations.</summary>
internal static class PlanBuilder
{
    public static PipelinePlan Build(ProjectSpec spec, Random random, Func<long> nextJobNumber)
    {
        var workflows = spec.Outcome == "errored" ? [] : spec.Workflows.Select(w => Workflow(w, random, nextJobNumber)).ToList();
        return new PipelinePlan(spec.SetupDelaySeconds, spec.Outcome == "errored", spec.ErrorMessage, workflows);
    }

    /// <summary>
    /// A seed that depends only on the scenario seed, the project and the pipeline number, so
    /// durations repeat run after run whatever order concurrent triggers arrive in.
    /// </summary>
    public static int StableSeed(int seed, string projectSlug, long pipelineNumber)
    {
        // FNV-1a: string.GetHashCode is randomized per process.
        var hash = 2166136261u;
        foreach (var ch in $"{seed}|{projectSlug}|{pipelineNumber}")
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return unchecked((int)hash);
    }

    private static WorkflowPlan Workflow(WorkflowSpec spec, Random random, Func<long> nextJobNumber)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var jobs = new List<JobPlan>();
        foreach (var job in spec.Jobs)
        {
            // No "requires" means "after the previous job": workflows are sequences unless told otherwise.
            IReadOnlyList<int> upstream = job.Requires is { } names ? names.Select(n => index[n]).ToList()
                : jobs.Count == 0 ? [] : [jobs.Count - 1];
            var approval = job.Type == "approval";
            var duration = job.DurationRange is [var min, var max] ? min + random.NextDouble() * (max - min) : job.DurationSeconds;
            index[job.Name] = jobs.Count;
            jobs.Add(new JobPlan(
                Guid.NewGuid().ToString(),
                job.Name,
                approval,
                approval ? null : nextJobNumber(),
                approval ? 0 : job.QueueSeconds,
                approval ? 0 : duration,
                approval ? "success" : job.Status,
                upstream,
                job.ResourceClass,
                job.Executor,
                job.Parallelism));
        }

        return new WorkflowPlan(Guid.NewGuid().ToString(), spec.Name, spec.FixedStatus, jobs);
    }
}
