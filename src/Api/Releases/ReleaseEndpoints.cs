using Microsoft.AspNetCore.Http.HttpResults;
using Release.Api.Auth;
using Release.Api.Hosting;
using Release.Api.Tokens;

namespace Release.Api.Releases;

/// <summary>The <c>/api/v1/releases</c> routes: each needs a scope, and answers a refusal as problem details.</summary>
public static class ReleaseEndpoints
{
    private const string Json = "application/json";

    public static void MapReleaseEndpoints(this IEndpointRouteBuilder app)
    {
        var releases = app.MapGroup("/api/v1/releases").WithTags("releases").AddEndpointFilter(ProblemFilter);
        releases.MapPost("/", StartAsync).RequireAuthorization(ApiScopes.Operate).Accepts<StartReleaseRequest>(Json)
            .WithSummary("Start a release from a manifest (inline or in the release repository); Idempotency-Key makes retries safe");
        releases.MapGet("/", ListAsync).RequireAuthorization(ApiScopes.Read).WithSummary("List releases, newest first, filtered by product, version and status");
        releases.MapGet("/{id}", GetAsync).RequireAuthorization(ApiScopes.Read).WithSummary("A release's progress: stages, components, ETA, what it waits for");
        releases.MapGet("/{id}/report", ReportAsync).RequireAuthorization(ApiScopes.Read).WithSummary("The stage reports of a release that has ended");
        releases.MapGet("/{id}/events", ReleaseEventStream.StreamAsync).RequireAuthorization(ApiScopes.Read)
            .WithSummary("Server-Sent Events: progress on every change, then end");
        releases.MapPost("/{id}/abort", AbortAsync).RequireAuthorization(ApiScopes.Operate).Accepts<AbortBody>(Json)
            .WithSummary("Abort a running release (its pipelines are left running unless cancelPipelines)");
        releases.MapPost("/{id}/resume", ResumeAsync).RequireAuthorization(ApiScopes.Operate).Accepts<ResumeBody>(Json)
            .WithSummary("Start a new run of a failed or aborted release, reusing what succeeded");
        releases.MapPost("/{id}/decisions", DecideAsync).RequireAuthorization(ApiScopes.Operate).Accepts<DecisionBody>(Json)
            .WithSummary("Answer a failed component: retry, skip or abort");
        releases.MapPost("/{id}/approvals", ApproveAsync).RequireAuthorization(ApiScopes.Operate).Accepts<ApprovalBody>(Json)
            .WithSummary("Approve the stage gate the release waits at");
        releases.MapPost("/{id}/pause", PauseAsync).RequireAuthorization(ApiScopes.Operate).Accepts<ReasonBody>(Json).WithSummary("Start no new pipeline until unpaused");
        releases.MapPost("/{id}/unpause", UnpauseAsync).RequireAuthorization(ApiScopes.Operate).Accepts<ReasonBody>(Json).WithSummary("Start pipelines again");
    }

    /// <summary>Expected refusals become problem details; anything else is a bug and stays a 500 with no detail.</summary>
    public static async ValueTask<object?> ProblemFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Problems.IsKnown(e) && !context.HttpContext.Response.HasStarted)
        {
            return Problems.Of(e);
        }
    }

    private static async Task<Results<Created<ReleaseHandle>, Ok<ReleaseHandle>>> StartAsync(
        HttpContext context, ReleaseService service, IdempotencyKeys keys, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<StartReleaseRequest>(context.Request, cancellationToken);
        var caller = Caller.From(context.User);
        var key = context.Request.Headers[IdempotencyKeys.Header].ToString();
        var callerKey = caller.TokenId ?? caller.Name;
        if (key.Length > 0 && keys.Find(key, callerKey) is { } earlier)
        {
            // The same request again: the release it started, whatever it has become since.
            context.Response.Headers["Idempotent-Replayed"] = "true";
            var state = await service.GetAsync(earlier.WorkflowId, caller, cancellationToken);
            return TypedResults.Ok(ReleaseViews.Handle(state, service));
        }

        var started = await service.StartAsync(body, caller, cancellationToken);
        if (key.Length > 0)
        {
            keys.Remember(key, callerKey, started.WorkflowId, started.RunId);
        }

        var handle = ReleaseViews.Handle(started, service);
        return TypedResults.Created(handle.Links.Self, handle);
    }

    private static async Task<Ok<ReleaseList>> ListAsync(
        HttpContext context, ReleaseService service, CancellationToken cancellationToken,
        string? product = null, string? version = null, string? status = null, int pageSize = 50, string? pageToken = null) =>
        TypedResults.Ok(await service.ListAsync(product, version, status, pageSize, pageToken, Caller.From(context.User), cancellationToken));

    private static async Task<Ok<ReleaseDetail>> GetAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DetailAsync(id, Caller.From(context.User), service, cancellationToken));

    /// <summary>A release's document: from its progress query while running, from its reports once closed.</summary>
    public static async Task<ReleaseDetail> DetailAsync(string id, Caller caller, ReleaseService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var state = await service.GetAsync(id, caller, cancellationToken);
        var progress = state.IsRunning ? await service.ProgressAsync(id, cancellationToken) : null;
        if (state.IsRunning && progress is null)
        {
            state = await service.GetAsync(id, caller, cancellationToken);
        }

        return ReleaseViews.Detail(state, progress, service);
    }

    private static async Task<IResult> ReportAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken, bool download = false)
    {
        var state = await service.GetAsync(id, Caller.From(context.User), cancellationToken);
        if (state.IsRunning)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "Release still running", $"release {id} is still running; its report is ready when it ends (GET /api/v1/releases/{id} shows progress)");
        }

        if (download)
        {
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{state.WorkflowId}-report.json\"";
        }

        return TypedResults.Ok(new { workflowId = state.WorkflowId, runId = state.RunId, status = state.Status, failure = state.Failure, summary = state.Summary });
    }

    private static async Task<Accepted<ReleaseHandle>> AbortAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AbortBody>(context.Request, cancellationToken);
        var caller = Caller.From(context.User);
        await service.AbortAsync(id, body, caller, cancellationToken);
        var state = await service.GetAsync(id, caller, cancellationToken);
        var handle = ReleaseViews.Handle(state, service, $"abort requested by {caller.Name}: the current stage ends as aborted and is reported");
        return TypedResults.Accepted(handle.Links.Self, handle);
    }

    private static async Task<Created<ReleaseHandle>> ResumeAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ResumeBody>(context.Request, cancellationToken);
        var (state, plan) = await service.ResumeAsync(id, body, Caller.From(context.User), cancellationToken);
        var reused = plan.Steps.Count(s => !s.Triggered);
        var handle = ReleaseViews.Handle(state, service, $"resumed from run {plan.Resume.PreviousRunId}: reusing {reused}, triggering {plan.Steps.Count - reused}");
        return TypedResults.Created(handle.Links.Self, handle);
    }

    private static async Task<Ok<ReleaseHandle>> DecideAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<DecisionBody>(context.Request, cancellationToken);
        var (state, message) = await service.DecideAsync(id, body, Caller.From(context.User), cancellationToken);
        return TypedResults.Ok(ReleaseViews.Handle(state, service, message));
    }

    private static async Task<Ok<ReleaseHandle>> ApproveAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ApprovalBody>(context.Request, cancellationToken);
        var (state, message) = await service.ApproveAsync(id, body, Caller.From(context.User), cancellationToken);
        return TypedResults.Ok(ReleaseViews.Handle(state, service, message));
    }

    private static Task<Ok<ReleaseHandle>> PauseAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken) =>
        PauseOrUnpauseAsync(id, unpause: false, context, service, cancellationToken);

    private static Task<Ok<ReleaseHandle>> UnpauseAsync(string id, HttpContext context, ReleaseService service, CancellationToken cancellationToken) =>
        PauseOrUnpauseAsync(id, unpause: true, context, service, cancellationToken);

    private static async Task<Ok<ReleaseHandle>> PauseOrUnpauseAsync(string id, bool unpause, HttpContext context, ReleaseService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ReasonBody>(context.Request, cancellationToken);
        var (state, message) = await service.PauseAsync(id, body, unpause, Caller.From(context.User), cancellationToken);
        return TypedResults.Ok(ReleaseViews.Handle(state, service, message));
    }
}
