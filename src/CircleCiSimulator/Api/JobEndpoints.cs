using System.Globalization;

namespace Release.CircleCiSimulator;

/// <summary>Job details by project slug and job number.</summary>
internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v2/project/{vcs}/{org}/{repo}/job/{jobNumber}", GetJobDetails);

    private static IResult GetJobDetails(string vcs, string org, string repo, string jobNumber, SimulatorState state, WireMapper mapper, TimeProvider time)
    {
        var slug = new ProjectSlug(vcs, org, repo).Value;
        if (!long.TryParse(jobNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || state.FindJob(slug, number) is not { Run: var run, Workflow: var w, Job: var j })
        {
            return ApiResults.NotFound("Job not found");
        }

        var view = Timeline.Compute(run, time.GetUtcNow());
        if (w >= view.Workflows.Count)
        {
            return ApiResults.NotFound("Job not found");
        }

        var workflow = view.Workflows[w];
        return Results.Json(mapper.JobDetails(run, workflow, workflow.Jobs[j]));
    }
}
