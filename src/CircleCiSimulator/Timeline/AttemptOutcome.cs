namespace Release.CircleCiSimulator;

/// <summary>How one attempt (a trigger or a rerun) of a project ends, from the project's <c>failFirst</c>.</summary>
internal enum AttemptOutcome
{
    /// <summary>No failFirst: the jobs end as the scenario writes them, every time.</summary>
    AsWritten,

    /// <summary>One of the first failFirst attempts: it fails.</summary>
    Fail,

    /// <summary>After the first failFirst attempts: every job that would fail succeeds.</summary>
    Succeed,
}

internal static class Attempts
{
    /// <summary>The outcome of a project's attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public static AttemptOutcome Outcome(ProjectSpec spec, long attempt) =>
        spec.FailFirst == 0 ? AttemptOutcome.AsWritten
        : attempt <= spec.FailFirst ? AttemptOutcome.Fail
        : AttemptOutcome.Succeed;

    /// <summary>The project as this attempt plays it.</summary>
    public static ProjectSpec Apply(ProjectSpec spec, AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Succeed => spec with
        {
            Workflows = spec.Workflows.Select(w => w with { Jobs = w.Jobs.Select(j => j with { Status = Succeeding(j.Status) }).ToList() }).ToList(),
        },
        AttemptOutcome.Fail when !spec.Workflows.Any(w => w.FixedStatus is null && w.Jobs.Any(j => JobStatuses.Failure.Contains(j.Status))) => WithDefaultFailure(spec),
        _ => spec,
    };

    /// <summary>A final status for a job of a succeeding attempt: what would fail succeeds instead.</summary>
    public static string Succeeding(string status) => JobStatuses.Failure.Contains(status) ? "success" : status;

    // The scenario says nothing about how it fails: the last build job of the first workflow that
    // has one fails, or, with no such workflow, a workflow "build" of one failing job is added.
    private static ProjectSpec WithDefaultFailure(ProjectSpec spec)
    {
        var workflows = spec.Workflows.ToList();
        var at = workflows.FindIndex(w => w.FixedStatus is null && w.Jobs.Any(j => j.Type == "build"));
        if (at < 0)
        {
            workflows.Add(new WorkflowSpec { Name = "build", Jobs = [new JobSpec { Name = "build", Status = "failed" }] });
            return spec with { Workflows = workflows };
        }

        var jobs = workflows[at].Jobs.ToList();
        var last = jobs.FindLastIndex(j => j.Type == "build");
        jobs[last] = jobs[last] with { Status = "failed" };
        workflows[at] = workflows[at] with { Jobs = jobs };
        return spec with { Workflows = workflows };
    }
}
