using Microsoft.AspNetCore.Mvc;

namespace Release.CircleCiSimulator;

/// <summary>
/// The insights summaries a collector reads: per workflow, and per job of a workflow, over a
/// reporting window, on the project's default branch unless told a <c>branch</c> or <c>all-branches</c>.
/// </summary>
internal static class InsightsEndpoints
{
    public static void MapInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/insights/{vcs}/{org}/{repo}/workflows", WorkflowMetrics);
        app.MapGet("/api/v2/insights/{vcs}/{org}/{repo}/workflows/{workflowName}/jobs", JobMetrics);
    }

    private static IResult WorkflowMetrics(
        string vcs,
        string org,
        string repo,
        [FromQuery] string? branch,
        [FromQuery(Name = "all-branches")] bool? allBranches,
        [FromQuery(Name = "reporting-window")] string? reportingWindow,
        [FromQuery(Name = "page-token")] string? pageToken,
        SimulatorScenario scenario,
        SimulatorState state,
        SimulatorOptions options,
        TimeProvider time)
    {
        var slug = new ProjectSlug(vcs, org, repo);
        var query = Query(slug.Value, branch, allBranches, reportingWindow, scenario, state, time);
        if (query.Problem is { } problem)
        {
            return problem;
        }

        var items = InsightsCalculator.Workflows(query.Pipelines, WireMapper.ProjectId(slug.Value), query.Now, query.Window);
        return Paging.Page(items, pageToken, options.PageSize) is { } page ? Results.Json(page) : ApiResults.BadRequest("Invalid page-token");
    }

    private static IResult JobMetrics(
        string vcs,
        string org,
        string repo,
        string workflowName,
        [FromQuery] string? branch,
        [FromQuery(Name = "all-branches")] bool? allBranches,
        [FromQuery(Name = "reporting-window")] string? reportingWindow,
        [FromQuery(Name = "job-name")] string? jobName,
        [FromQuery(Name = "page-token")] string? pageToken,
        SimulatorScenario scenario,
        SimulatorState state,
        SimulatorOptions options,
        TimeProvider time)
    {
        var query = Query(new ProjectSlug(vcs, org, repo).Value, branch, allBranches, reportingWindow, scenario, state, time);
        if (query.Problem is { } problem)
        {
            return problem;
        }

        var items = InsightsCalculator.Jobs(query.Pipelines, workflowName, string.IsNullOrEmpty(jobName) ? null : jobName, query.Now, query.Window);
        return Paging.Page(items, pageToken, options.PageSize) is { } page ? Results.Json(page) : ApiResults.BadRequest("Invalid page-token");
    }

    private static InsightsQuery Query(
        string slug,
        string? branch,
        bool? allBranches,
        string? reportingWindow,
        SimulatorScenario scenario,
        SimulatorState state,
        TimeProvider time)
    {
        var spec = scenario.FindProject(slug);
        if (spec is null && !state.HasPipelines(slug))
        {
            return InsightsQuery.Refused(ApiResults.NotFound("Project not found"));
        }

        if (spec is { Insights: false })
        {
            return InsightsQuery.Refused(ApiResults.Error(StatusCodes.Status403Forbidden, "Insights are not available on this plan."));
        }

        if (ReportingWindow.Parse(reportingWindow) is not { } window)
        {
            return InsightsQuery.Refused(ApiResults.BadRequest($"reporting-window must be one of {string.Join(", ", ReportingWindow.Names)}"));
        }

        if (allBranches == true && !string.IsNullOrEmpty(branch))
        {
            return InsightsQuery.Refused(ApiResults.BadRequest("Use either branch or all-branches, not both."));
        }

        // CircleCI scopes insights to the default branch unless told otherwise.
        var scope = allBranches == true ? null : string.IsNullOrEmpty(branch) ? spec?.History?.Branch ?? "main" : branch;
        var now = time.GetUtcNow();
        var pipelines = state.ProjectPipelines(slug, scope).Reverse().Select(run => Timeline.Compute(run, now)).ToList();
        return new InsightsQuery(null, pipelines, now, window);
    }

    private sealed record InsightsQuery(IResult? Problem, IReadOnlyList<PipelineView> Pipelines, DateTimeOffset Now, TimeSpan Window)
    {
        public static InsightsQuery Refused(IResult problem) => new(problem, [], default, default);
    }
}
