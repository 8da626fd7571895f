using Microsoft.AspNetCore.Mvc;

namespace Release.CircleCiSimulator;

/// <summary>Trigger, get and list pipelines, and list a pipeline's workflows.</summary>
internal static class PipelineEndpoints
{
    public static void MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/project/{vcs}/{org}/{repo}/pipeline", TriggerAsync);
        app.MapGet("/api/v2/project/{vcs}/{org}/{repo}/pipeline", ListProjectPipelines);
        app.MapGet("/api/v2/pipeline/{id}", GetPipeline);
        app.MapGet("/api/v2/pipeline/{id}/workflow", ListWorkflows);
    }

    private static async Task<IResult> TriggerAsync(
        string vcs,
        string org,
        string repo,
        HttpRequest request,
        SimulatorScenario scenario,
        SimulatorState state,
        SimulatorStats stats,
        FaultInjector faults,
        TimeProvider time)
    {
        var slug = new ProjectSlug(vcs, org, repo).Value;
        if (scenario.FindProject(slug) is not { } spec)
        {
            return ApiResults.NotFound("Project not found");
        }

        var trigger = await TriggerRequest.ReadAsync(request);
        if (trigger.Problem is { } problem)
        {
            return ApiResults.BadRequest(problem);
        }

        var now = time.GetUtcNow();
        var run = state.Trigger(slug, spec, trigger.Branch, trigger.Tag, trigger.Parameters, now);
        stats.CountTrigger(slug);
        stats.ObserveInFlight(state.PipelinesInFlight(now));
        if (faults.LoseTrigger(slug))
        {
            stats.CountFault("lost_trigger");
            return ApiResults.Error(StatusCodes.Status500InternalServerError, "Internal server error");
        }

        var created = new PipelineCreatedBody(run.Id, Timeline.Compute(run, now).State, run.Number, run.TriggeredAt);
        return Results.Json(created, statusCode: StatusCodes.Status201Created);
    }

    private static IResult ListProjectPipelines(
        string vcs,
        string org,
        string repo,
        [FromQuery] string? branch,
        [FromQuery(Name = "page-token")] string? pageToken,
        SimulatorScenario scenario,
        SimulatorState state,
        SimulatorOptions options,
        WireMapper mapper,
        TimeProvider time)
    {
        var slug = new ProjectSlug(vcs, org, repo).Value;
        if (scenario.FindProject(slug) is null && !state.HasPipelines(slug))
        {
            return ApiResults.NotFound("Project not found");
        }

        var now = time.GetUtcNow();
        var pipelines = state.ProjectPipelines(slug, branch).Select(run => mapper.Pipeline(Timeline.Compute(run, now))).ToList();
        return Paging.Page(pipelines, pageToken, options.PageSize) is { } page
            ? Results.Json(page)
            : ApiResults.BadRequest("Invalid page-token");
    }

    private static IResult GetPipeline(string id, SimulatorState state, WireMapper mapper, TimeProvider time) =>
        state.FindPipeline(id) is { } run
            ? Results.Json(mapper.Pipeline(Timeline.Compute(run, time.GetUtcNow())))
            : ApiResults.NotFound("Pipeline not found");

    private static IResult ListWorkflows(
        string id,
        [FromQuery(Name = "page-token")] string? pageToken,
        SimulatorState state,
        SimulatorOptions options,
        WireMapper mapper,
        TimeProvider time)
    {
        if (state.FindPipeline(id) is not { } run)
        {
            return ApiResults.NotFound("Pipeline not found");
        }

        var view = Timeline.Compute(run, time.GetUtcNow());
        var workflows = view.Workflows.Select(w => mapper.Workflow(run, w)).ToList();
        return Paging.Page(workflows, pageToken, options.PageSize) is { } page
            ? Results.Json(page)
            : ApiResults.BadRequest("Invalid page-token");
    }
}
