using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Release.Api.Auth;
using Release.Api.Hosting;
using Release.Api.Releases;

namespace Release.Api.Dashboard;

/// <summary>
/// The release page's forms: the same <see cref="ReleaseService"/> operations as the JSON
/// endpoints, recording the signed-in caller. Each checks the antiforgery token first (400, nothing
/// done), then the operate scope (403), then answers with the page and a one-line message.
/// </summary>
internal static class ReleaseActions
{
    public static void MapReleaseActions(this RouteGroupBuilder pages)
    {
        pages.MapPost("/releases/{id}/decide", (string id, HttpContext context, ReleaseService service) => ActAsync(id, context, async (form, caller) =>
            (await service.DecideAsync(id, new DecisionBody(form["component"].ToString(), form["action"].ToString(), Reason(form)), caller, context.RequestAborted)).Message));
        pages.MapPost("/releases/{id}/approve", (string id, HttpContext context, ReleaseService service) => ActAsync(id, context, async (form, caller) =>
            (await service.ApproveAsync(id, new ApprovalBody(Reason(form), Stage(form)), caller, context.RequestAborted)).Message));
        pages.MapPost("/releases/{id}/pause", (string id, HttpContext context, ReleaseService service) => ActAsync(id, context, async (form, caller) =>
            (await service.PauseAsync(id, new ReasonBody(Reason(form)), unpause: false, caller, context.RequestAborted)).Message));
        pages.MapPost("/releases/{id}/unpause", (string id, HttpContext context, ReleaseService service) => ActAsync(id, context, async (form, caller) =>
            (await service.PauseAsync(id, new ReasonBody(Reason(form)), unpause: true, caller, context.RequestAborted)).Message));
        pages.MapPost("/releases/{id}/abort", (string id, HttpContext context, ReleaseService service) => ActAsync(id, context, async (form, caller) =>
        {
            await service.AbortAsync(id, new AbortBody(Reason(form)), caller, context.RequestAborted);
            return $"abort requested by {caller.Name}: the current stage ends as aborted and is reported";
        }));
    }

    private static async Task<IResult> ActAsync(string id, HttpContext context, Func<IFormCollection, Caller, Task<string>> act)
    {
        if (await DashboardSecurity.RefuseForgeryAsync(context) is { } refused)
        {
            return refused;
        }

        if (DashboardSecurity.SignedIn(context) is not { } caller)
        {
            return DashboardSecurity.ToLogin(context);
        }

        if (!caller.Has(ApiScopes.Operate))
        {
            return Layout.Page(context, "Not allowed", Html.Of($"""
                <h1>Not allowed</h1>
                {Layout.Notice("This token can read releases but not steer them: log in with a token that has the operate scope.", error: true)}
                <p><a href="/releases/{Uri.EscapeDataString(id)}">Back to the release</a></p>
                """), StatusCodes.Status403Forbidden);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        try
        {
            Flash.Set(context, await act(form, caller), error: false);
        }
        catch (Exception e) when (Problems.IsKnown(e))
        {
            Flash.Set(context, DashboardSetup.ProblemText(e), error: true);
        }

        return Results.Redirect($"/releases/{Uri.EscapeDataString(id)}");
    }

    // The service refuses a blank reason; the dashboard's fields come filled, a cleared one says where it came from.
    private static string Reason(IFormCollection form) =>
        form["reason"].ToString() is { Length: > 0 } reason && !string.IsNullOrWhiteSpace(reason) ? reason : "from the dashboard";

    private static int? Stage(IFormCollection form) =>
        int.TryParse(form["stage"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stage) ? stage : null;
}
