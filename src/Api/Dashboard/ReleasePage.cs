using Release.Api.Auth;
using Release.Api.Hosting;
using Release.Api.Releases;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Reports;

namespace Release.Api.Dashboard;

/// <summary>What a release page shows: the API's document, plus the reports (failed output) and the plan (whose projects have trends), as of <c>Now</c>.</summary>
internal sealed record ReleasePageModel(
    ReleaseDetail Detail, ReleaseSummary? Summary, ExecutionPlan Plan, DateTimeOffset Now);

/// <summary>
/// <c>/releases/{id}</c>, and <c>/releases/{id}/live</c>, the changing part alone, which the page's
/// script fetches on each event of the release's stream. Without script, a refresh link does the same.
/// </summary>
internal static class ReleasePage
{
    public static async Task<IResult> RenderAsync(string id, HttpContext context, ReleaseService service, TimeProvider time, DurationTrends trends)
    {
        if (DashboardSecurity.SignedIn(context) is not { } caller)
        {
            return DashboardSecurity.ToLogin(context);
        }

        ReleasePageModel model;
        try
        {
            model = await LoadAsync(id, caller, service, time, context.RequestAborted);
        }
        catch (Exception e) when (Problems.IsKnown(e))
        {
            var problem = Problems.Of(e).ProblemDetails;
            return Layout.Page(context, "Release", Html.Of($"""
                <h1>{problem.Title}</h1>
                {Layout.Notice(problem.Detail, error: true)}
                <p><a href="/">Back to the releases</a></p>
                """), problem.Status ?? StatusCodes.Status400BadRequest);
        }

        var detail = model.Detail;
        var escaped = Uri.EscapeDataString(detail.WorkflowId);
        var flash = Flash.Take(context);
        var trendsView = await trends.ForAsync(model.Plan, context.RequestAborted);
        return Layout.Page(context, $"{detail.Product} {detail.Version}", Html.Of($"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/">Releases</a> <span aria-hidden="true">›</span> <span>{detail.WorkflowId}</span></nav>
            <h1>{detail.Product} <span class="version">{detail.Version}</span></h1>
            {(flash is { } f ? Layout.Notice(f.Message, f.Error) : Markup.Empty)}
            <div id="live" data-events="{detail.Links.Events}" data-fragment="/releases/{escaped}/live"{(detail.Status == "running" ? Markup.Empty : new Markup(" data-ended=\"true\""))}>
            {ReleaseSections.Live(context, model, caller.Has(ApiScopes.Operate))}
            </div>
            {TrendSection.Render(trendsView)}
            """), live: true);
    }

    public static async Task<IResult> FragmentAsync(string id, HttpContext context, ReleaseService service, TimeProvider time)
    {
        if (DashboardSecurity.SignedIn(context) is not { } caller)
        {
            return Results.Unauthorized();
        }

        try
        {
            var model = await LoadAsync(id, caller, service, time, context.RequestAborted);
            var live = ReleaseSections.Live(context, model, caller.Has(ApiScopes.Operate));
            return Results.Content(live.Value, "text/html; charset=utf-8");
        }
        catch (Exception e) when (Problems.IsKnown(e))
        {
            return Problems.Of(e);
        }
    }

    private static async Task<ReleasePageModel> LoadAsync(string id, Caller caller, ReleaseService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var state = await service.GetAsync(id, caller, cancellationToken);
        var progress = state.IsRunning ? await service.ProgressAsync(id, cancellationToken) : null;
        if (state.IsRunning && progress is null)
        {
            // It closed between the two reads: its reports tell now.
            state = await service.GetAsync(id, caller, cancellationToken);
        }

        return new ReleasePageModel(ReleaseViews.Detail(state, progress, service), state.Summary, state.Input.Plan, time.GetUtcNow());
    }
}
