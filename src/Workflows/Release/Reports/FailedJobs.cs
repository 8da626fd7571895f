using Release.Workflows.CircleCi;

namespace Release.Workflows.Release.Reports;

/// <summary>
/// Names the jobs that failed a pipeline, and the step they failed at when the snapshot read it,
/// e.g. <c>job integration-tests in workflow build-and-test failed at step "Run tests" (exit 1)</c>.
/// </summary>
public static class FailedJobs
{
    // A summary line, not the report: the report lists every job.
    private const int MaxNamed = 5;

    // A step name is config text; one absurdly long must not make the reason unreadable.
    private const int MaxStepName = 100;

    /// <returns>Null when no job of a failed workflow failed (e.g. the workflow errored before any ran).</returns>
    public static string? Describe(PipelineReport? pipeline)
    {
        if (pipeline is null)
        {
            return null;
        }

        var failed = pipeline.Workflows
            .Where(w => CircleCiValues.ParseWorkflowStatus(w.Status).IsFailure())
            .SelectMany(w => w.Jobs
                .Where(j => CircleCiValues.ParseJobStatus(j.Status).IsFailure())
                .Select(j => $"job {j.Name} in workflow {w.Name} {Explain(CircleCiValues.ParseJobStatus(j.Status))}{AtStep(j.FailedStep)}"))
            .ToList();
        if (failed.Count == 0)
        {
            return null;
        }

        var named = string.Join("; ", failed.Take(MaxNamed));
        return failed.Count > MaxNamed ? $"{named}; and {failed.Count - MaxNamed} more failed jobs" : named;
    }

    private static string AtStep(FailedStepReport? step)
    {
        if (step is null || step.Name.Length == 0)
        {
            return "";
        }

        var name = step.Name.Length <= MaxStepName ? step.Name : step.Name[..(MaxStepName - 1)] + "…";
        return step.ExitCode is { } code ? $" at step \"{name}\" (exit {code})" : $" at step \"{name}\"";
    }

    private static string Explain(CircleCiJobStatus status) => status switch
    {
        CircleCiJobStatus.Failed => "failed",
        CircleCiJobStatus.Timedout => "timed out",
        CircleCiJobStatus.InfrastructureFail => "failed on CircleCI's infrastructure",
        CircleCiJobStatus.Canceled => "was canceled",
        CircleCiJobStatus.Unauthorized => "was unauthorized",
        CircleCiJobStatus.TerminatedUnknown => "was terminated",
        _ => status.ToApiValue(),
    };
}
