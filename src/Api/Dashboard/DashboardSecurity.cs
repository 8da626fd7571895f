using Microsoft.AspNetCore.Antiforgery;
using Release.Api.Auth;

namespace Release.Api.Dashboard;

/// <summary>
/// What every dashboard response carries, and what every page and form checks: the headers of a
/// strict Content-Security-Policy, a signed-in caller with the scope it needs, and the antiforgery
/// token of each form post.
/// </summary>
internal static class DashboardSecurity
{
    // No inline script or style at all: the page's script and stylesheet are files of 'self', the
    // live stream is 'self', and no other site may frame the page or receive its forms.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static async ValueTask<object?> HeadersFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // Pages carry antiforgery tokens and release data: never cached (antiforgery's own words, so it need not override them).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return await next(context);
    }

    /// <summary>The caller of a page, or null when the request has no valid session (the page then redirects to /login).</summary>
    public static Caller? SignedIn(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && Caller.From(context.User) is { } caller && caller.Has(ApiScopes.Read) ? caller : null;

    public static IResult ToLogin(HttpContext context)
    {
        var back = context.Request.Path + context.Request.QueryString;
        return Results.Redirect(back == "/" ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(back)}");
    }

    /// <summary>Null when the form carries a valid antiforgery token, else the 400 page that says so (nothing was done).</summary>
    public static async Task<IResult?> RefuseForgeryAsync(HttpContext context)
    {
        if (await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return null;
        }

        return Layout.Page(
            context,
            "Form refused",
            Html.Of($"""
                <h1>Form refused</h1>
                {Layout.Notice("This form had no valid security token (it may have expired): nothing was done. Go back, reload the page and send it again.", error: true)}
                <p><a href="/">Back to the releases</a></p>
                """),
            StatusCodes.Status400BadRequest);
    }

    /// <summary>A local path to go back to after login; anything else (another site, //host) goes to the list.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] is not ('/' or '\\') ? url : "/";
}
