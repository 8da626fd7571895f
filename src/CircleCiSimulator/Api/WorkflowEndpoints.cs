using Microsoft.AspNetCore.Mvc;

namespace Release.CircleCiSimulator;

/// <summary>Get a workflow, list its jobs, cancel it, approve one of its approval jobs, rerun it.</summary>
internal static class WorkflowEndpoints
{
    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/workflow/{id}", GetWorkflow);
        app.MapGet("/api/v2/workflow/{id}/job", ListJobs);
        app.MapPost("/api/v2/workflow/{id}/cancel", Cancel);
        app.MapPost("/api/v2/workflow/{id}/approve/{approvalRequestId}", Approve);
        app.MapPost("/api/v2/workflow/{id}/rerun", RerunAsync);
    }

    private static IResult GetWorkflow(string id, SimulatorState state, WireMapper mapper, TimeProvider time) =>
        View(id, state, time) is var (run, workflow)
            ? Results.Json(mapper.Workflow(run, workflow))
            : ApiResults.NotFound("Workflow not found");

    private static IResult ListJobs(
        string id,
        [FromQuery(Name = "page-token")] string? pageToken,
        SimulatorState state,
        SimulatorOptions options,
        WireMapper mapper,
        TimeProvider time)
    {
        if (View(id, state, time) is not var (run, workflow))
        {
            return ApiResults.NotFound("Workflow not found");
        }

        var jobs = workflow.Jobs.Select(j => mapper.Job(run, workflow, j)).ToList();
        return Paging.Page(jobs, pageToken, options.PageSize) is { } page
            ? Results.Json(page)
            : ApiResults.BadRequest("Invalid page-token");
    }

    private static IResult Cancel(string id, SimulatorState state, TimeProvider time) =>
        state.Cancel(id, time.GetUtcNow()) ? ApiResults.Accepted() : ApiResults.NotFound("Workflow not found");

    private static IResult Approve(string id, string approvalRequestId, SimulatorState state, TimeProvider time) =>
        state.Approve(id, approvalRequestId, time.GetUtcNow()) switch
        {
            ApprovalOutcome.Approved => ApiResults.Accepted(),
            ApprovalOutcome.WorkflowNotFound => ApiResults.NotFound("Workflow not found"),
            ApprovalOutcome.ApprovalNotFound => ApiResults.NotFound("Approval request not found"),
            _ => ApiResults.BadRequest("Job is not on hold."),
        };

    private static async Task<IResult> RerunAsync(string id, HttpRequest request, SimulatorState state, SimulatorStats stats, TimeProvider time)
    {
        var rerun = await RerunRequest.ReadAsync(request);
        if (rerun.Problem is { } problem)
        {
            return ApiResults.BadRequest(problem);
        }

        var now = time.GetUtcNow();
        var result = state.Rerun(id, rerun, now);
        switch (result.Outcome)
        {
            case RerunOutcome.Created:
                stats.CountRerun(state.FindWorkflow(id)!.Value.Run.ProjectSlug);
                stats.ObserveInFlight(state.PipelinesInFlight(now));
                return Results.Json(new RerunCreatedBody(result.Detail!), statusCode: StatusCodes.Status202Accepted);
            case RerunOutcome.WorkflowNotFound:
                return ApiResults.NotFound("Workflow not found");
            case RerunOutcome.StillRunning:
                return ApiResults.BadRequest("Workflow is still running; it can be rerun once it has ended.");
            case RerunOutcome.UnknownJob:
                return ApiResults.BadRequest($"Job {result.Detail} is not in this workflow.");
            default:
                return ApiResults.BadRequest("Workflow has no failed jobs to rerun.");
        }
    }

    private static (PipelineRun Run, WorkflowView Workflow)? View(string id, SimulatorState state, TimeProvider time)
    {
        if (state.FindWorkflow(id) is not { Run: var run, Index: var index })
        {
            return null;
        }

        // Before setup ends the workflow does not exist yet, as far as callers can tell.
        var view = Timeline.Compute(run, time.GetUtcNow());
        return index < view.Workflows.Count ? (run, view.Workflows[index]) : null;
    }
}
