namespace Release.CircleCiSimulator;

/// <summary>One step of a job at an instant; <see cref="End"/> is null while it runs.</summary>
internal sealed record StepView(int Index, string Name, DateTimeOffset Start, DateTimeOffset? End, string Status, int? ExitCode);

/// <summary>
/// The steps CircleCI's v1.1 API shows for a build job: spin-up, checkout, then the job's own
/// command, which takes most of its time and is the one that fails when the job fails. Like the
/// rest of the timeline, a pure function of the job's view and now.
/// </summary>
internal static class JobSteps
{
    // Each step's share of the job's planned duration, as [from, to).
    private static readonly (string? Name, double From, double To)[] Shape =
        [("Spin up environment", 0, 0.1), ("Checkout code", 0.1, 0.2), (null, 0.2, 1)];

    public static IReadOnlyList<StepView> Of(PipelineRun run, JobView job, DateTimeOffset now)
    {
        if (job.Plan.IsApproval || job.StartedAt is not { } started)
        {
            return [];
        }

        var planned = TimeSpan.FromSeconds(job.Plan.DurationSeconds * run.TimeScale);
        var steps = new List<StepView>();
        for (var i = 0; i < Shape.Length; i++)
        {
            var (name, from, to) = Shape[i];
            var stepName = name ?? job.Plan.Name;
            var start = started + planned * from;
            var end = started + planned * to;
            if (start > now || job.StoppedAt is { } cut && start > cut)
            {
                break;
            }

            if (job.Status == "canceled" && job.StoppedAt is { } canceledAt && canceledAt < end)
            {
                steps.Add(new StepView(i, stepName, start, canceledAt, "canceled", null));
                break;
            }

            var last = i == Shape.Length - 1;
            if (last && job.StoppedAt is { } stopped)
            {
                var passed = job.Status == "success";
                steps.Add(new StepView(i, stepName, start, stopped, job.Status, passed ? 0 : 1));
            }
            else if (end > now)
            {
                steps.Add(new StepView(i, stepName, start, null, "running", null));
                break;
            }
            else
            {
                steps.Add(new StepView(i, stepName, start, end, "success", 0));
            }
        }

        return steps;
    }
}
