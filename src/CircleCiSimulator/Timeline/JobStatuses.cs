namespace Release.CircleCiSimulator;

/// <summary>The CircleCI status vocabulary the simulator plays, and which values end a job.</summary>
internal static class JobStatuses
{
    /// <summary>What a scenario may ask a build job to end with.</summary>
    public static readonly IReadOnlyList<string> FinalBuild =
        ["success", "failed", "canceled", "unauthorized", "not_run", "infrastructure_fail", "timedout", "terminated-unknown"];

    /// <summary>Job statuses after which nothing changes.</summary>
    public static readonly IReadOnlySet<string> Terminal = FinalBuild.ToHashSet(StringComparer.Ordinal);

    /// <summary>Job statuses that make the workflow failing, then failed.</summary>
    public static readonly IReadOnlySet<string> Failure =
        new HashSet<string>(["failed", "infrastructure_fail", "timedout", "terminated-unknown"], StringComparer.Ordinal);

    /// <summary>Workflow statuses after which nothing changes.</summary>
    public static readonly IReadOnlySet<string> TerminalWorkflow =
        new HashSet<string>(["success", "failed", "error", "canceled", "unauthorized", "not_run"], StringComparer.Ordinal);

    /// <summary>
    /// A workflow's status from its jobs' statuses, following CircleCI's documented meanings:
    /// failing while a failed job's siblings still run, on_hold while only approvals wait.
    /// </summary>
    public static string Workflow(IReadOnlyCollection<string> jobs)
    {
        if (jobs.All(Terminal.Contains))
        {
            return jobs.Contains("canceled") ? "canceled"
                : jobs.Contains("unauthorized") ? "unauthorized"
                : jobs.Any(Failure.Contains) ? "failed"
                : jobs.All(j => j == "not_run") ? "not_run"
                : "success";
        }

        if (jobs.Any(Failure.Contains))
        {
            return "failing";
        }

        return jobs.Contains("on_hold") && !jobs.Any(j => j is "running" or "queued") ? "on_hold" : "running";
    }
}
