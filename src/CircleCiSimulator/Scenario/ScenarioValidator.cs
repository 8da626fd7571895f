namespace Release.CircleCiSimulator;

/// <summary>Checks a scenario up front, so a mistake fails at start with its location, not mid-test.</summary>
public static class ScenarioValidator
{
    public static void Validate(SimulatorScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        CheckFaults("faults", scenario.Faults);
        foreach (var (slug, project) in scenario.Projects)
        {
            var at = $"projects['{slug}']";
            Require(project is not null, at, "must be an object");
            Require(slug == "*" || slug.Split('/').Length == 3 && slug.Split('/').All(s => s.Length > 0), at, "slug must look like gh/org/repo (or be \"*\")");
            Require(project!.SetupDelaySeconds >= 0, at, "setupDelaySeconds must not be negative");
            Require(project.FailFirst >= 0, at, "failFirst must be a whole number, 0 or more");
            Require(project.Outcome is "created" or "errored", at, "outcome must be \"created\" or \"errored\"");
            if (project.Faults is not null)
            {
                CheckFaults($"{at}.faults", project.Faults);
            }

            if (project.History is { } history)
            {
                CheckHistory($"{at}.history", slug, history);
            }

            for (var i = 0; i < project.Workflows.Count; i++)
            {
                CheckWorkflow($"{at}.workflows[{i}]", project.Workflows[i]);
            }
        }
    }

    private static void CheckWorkflow(string at, WorkflowSpec workflow)
    {
        Require(workflow is not null, at, "must be an object");
        Require(!string.IsNullOrWhiteSpace(workflow!.Name), at, "name is required");
        Require(workflow.FixedStatus is null || workflow.FixedStatus.Trim().Length > 0, at, "fixedStatus must not be empty");
        Require(workflow.FixedStatus is not null || workflow.Jobs.Count > 0, at, "needs at least one job (or a fixedStatus)");
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < workflow.Jobs.Count; i++)
        {
            var job = workflow.Jobs[i];
            var jobAt = $"{at}.jobs[{i}]";
            Require(job is not null, jobAt, "must be an object");
            Require(!string.IsNullOrWhiteSpace(job!.Name), jobAt, "name is required");
            Require(!earlier.Contains(job.Name), jobAt, $"job name '{job.Name}' is used twice");
            Require(job.Type is "build" or "approval", jobAt, "type must be \"build\" or \"approval\"");
            Require(job.Type == "build" || job.Status == "success", jobAt, "an approval job always ends in success; drop its status");
            Require(JobStatuses.FinalBuild.Contains(job.Status), jobAt, $"status must be one of {string.Join(", ", JobStatuses.FinalBuild)}");
            Require(job.DurationSeconds >= 0 && job.QueueSeconds >= 0, jobAt, "durations must not be negative");
            Require(job.DurationRange is null || job.DurationRange.Count == 2 && job.DurationRange[0] >= 0 && job.DurationRange[0] <= job.DurationRange[1],
                jobAt, "durationRange must be [min, max] with 0 <= min <= max");
            Require(job.Parallelism >= 1, jobAt, "parallelism must be at least 1");
            foreach (var required in job.Requires ?? [])
            {
                Require(earlier.Contains(required), jobAt, $"requires '{required}', which is not a job listed before it");
            }

            earlier.Add(job.Name);
        }
    }

    private static void CheckHistory(string at, string slug, HistorySpec history)
    {
        Require(slug != "*", at, "a history belongs to one project; give it under the project's slug, not \"*\"");
        Require(history.Pipelines is >= 0 and <= HistoryBuilder.MaxPipelines, at, $"pipelines must be a whole number from 0 to {HistoryBuilder.MaxPipelines}");
        Require(history.Days > 0 && history.Days <= 3650, at, "days must be more than 0 and at most 3650");
        Require(history.FailureRate is >= 0 and <= 1 && history.RerunRate is >= 0 and <= 1, at, "failureRate and rerunRate must be between 0 and 1");
        Require(!string.IsNullOrWhiteSpace(history.Branch), at, "branch must not be empty");
    }

    private static void CheckFaults(string at, FaultSpec faults)
    {
        Require(faults is not null, at, "must be an object");
        double[] rates = [faults!.RateLimitRate, faults.ServerErrorRate, faults.SlowRate, faults.LostTriggerRate];
        Require(rates.All(r => r is >= 0 and <= 1), at, "rates must be between 0 and 1");
        Require(faults.RateLimitRate + faults.ServerErrorRate <= 1, at, "rateLimitRate + serverErrorRate must not exceed 1");
        Require(faults.RetryAfterSeconds >= 0 && faults.SlowDelayMs >= 0, at, "retryAfterSeconds and slowDelayMs must not be negative");
    }

    private static void Require(bool condition, string at, string problem)
    {
        if (!condition)
        {
            throw new ScenarioException($"{at}: {problem}");
        }
    }
}
