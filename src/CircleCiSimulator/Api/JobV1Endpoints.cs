using System.Globalization;

namespace Release.CircleCiSimulator;

/// <summary>
/// The v1.1 job endpoint, the only CircleCI API with step output, and the output URLs it hands
/// out. Those stand for CircleCI's short-lived signed storage links: like them they need no
/// Circle-Token (a client must not send its token to them), see <see cref="OutputPrefix"/>.
/// </summary>
internal static class JobV1Endpoints
{
    public const string OutputPrefix = "/output";

    public static void MapJobV1Endpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1.1/project/{vcs}/{org}/{repo}/{jobNumber}", GetJob);
        app.MapGet(OutputPrefix + "/{vcs}/{org}/{repo}/{jobNumber}/{step}/{index}", GetOutput);
    }

    private static IResult GetJob(string vcs, string org, string repo, string jobNumber, HttpRequest request, SimulatorState state, TimeProvider time)
    {
        var slug = new ProjectSlug(vcs, org, repo);
        var now = time.GetUtcNow();
        if (Find(slug, jobNumber, state, now) is not var (run, workflow, job))
        {
            return ApiResults.NotFound("Build not found");
        }

        var root = $"{request.Scheme}://{request.Host}{OutputPrefix}/{slug.Value}/{job.Plan.Number}";
        var steps = JobSteps.Of(run, job, now).Select(step => new V1StepBody(
            step.Name,
            Enumerable.Range(0, job.Plan.Parallelism).Select(index => Action(step, index, root)).ToList())).ToList();
        var terminal = JobStatuses.Terminal.Contains(job.Status);
        var (status, lifecycle) = job.Status switch
        {
            "blocked" or "queued" => ("queued", "queued"),
            "running" => ("running", "running"),
            "not_run" => ("not_run", "not_run"),
            var final => (final, "finished"),
        };
        long? buildTime = job.StartedAt is { } started && job.StoppedAt is { } stopped ? (long)(stopped - started).TotalMilliseconds : null;
        return Results.Json(new V1JobBody(
            job.Plan.Number!.Value,
            status,
            lifecycle,
            terminal ? job.Status : null,
            terminal ? JobStatuses.Failure.Contains(job.Status) : null,
            $"https://circleci.com/{slug.Value}/{job.Plan.Number}",
            slug.Org,
            slug.Repo,
            run.Revision,
            run.Branch,
            job.QueuedAt,
            job.StartedAt,
            job.StoppedAt,
            buildTime,
            job.Plan.Parallelism,
            new V1WorkflowsBody(workflow.Plan.Id, workflow.Plan.Name, job.Plan.Name, job.Plan.Id),
            steps));
    }

    private static IResult GetOutput(string vcs, string org, string repo, string jobNumber, string step, string index, SimulatorState state, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (Find(new ProjectSlug(vcs, org, repo), jobNumber, state, now) is not var (run, _, job)
            || !int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || i >= job.Plan.Parallelism
            || JobSteps.Of(run, job, now).ElementAtOrDefault(s) is not { End: not null } ended)
        {
            return ApiResults.NotFound("Output not found");
        }

        return Results.Json(StepOutput.Of(run, job, ended).Select(c => new OutputChunkBody(c.Message, c.Time, c.Type)).ToList());
    }

    private static V1ActionBody Action(StepView step, int index, string root)
    {
        var ended = step.End is not null;
        return new V1ActionBody(
            step.Name,
            step.Status,
            step.ExitCode,
            step.Start,
            step.End,
            step.End is { } end ? (long)(end - step.Start).TotalMilliseconds : null,
            ended ? step.ExitCode is not (null or 0) : null,
            index,
            step.Index,
            step.Index == 0 ? "infrastructure" : "test",
            ended,
            ended ? $"{root}/{step.Index}/{index}" : null);
    }

    private static (PipelineRun Run, WorkflowView Workflow, JobView Job)? Find(ProjectSlug slug, string jobNumber, SimulatorState state, DateTimeOffset now)
    {
        if (!long.TryParse(jobNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || slug.Spellings().Select(s => state.FindJob(s, number)).FirstOrDefault(found => found is not null) is not { Run: var run, Workflow: var w, Job: var j })
        {
            return null;
        }

        var view = Timeline.Compute(run, now);
        return w < view.Workflows.Count ? (run, view.Workflows[w], view.Workflows[w].Jobs[j]) : null;
    }
}
