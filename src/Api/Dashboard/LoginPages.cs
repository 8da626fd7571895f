using Release.Api.Auth;
using Release.Api.Tokens;

namespace Release.Api.Dashboard;

/// <summary>
/// <c>/login</c> and <c>/logout</c>: an API token typed once becomes the session cookie the token
/// handler reads (HTTP-only, same-site strict, secure over HTTPS); nothing else is kept.
/// </summary>
internal static class LoginPages
{
    public static void MapLoginPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/login", (HttpContext context, string? returnUrl) => Form(context, returnUrl, null, StatusCodes.Status200OK));
        pages.MapPost("/login", LoginAsync);
        pages.MapPost("/logout", new Func<HttpContext, Task<IResult>>(LogoutAsync));
    }

    private static async Task<IResult> LoginAsync(HttpContext context, TokenStore tokens)
    {
        if (await DashboardSecurity.RefuseForgeryAsync(context) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var presented = form["token"].ToString().Trim();
        if (presented.Length == 0)
        {
            return Form(context, returnUrl, "Enter an API token (rel_…); an admin makes one with POST /api/v1/tokens.", StatusCodes.Status400BadRequest);
        }

        if (tokens.Authenticate(presented) is not { } token || !token.Scopes.Any(s => ApiScopes.Grants(s, ApiScopes.Read)))
        {
            // Never why (unknown, revoked, expired): the same answer as the API's 401.
            return Form(context, returnUrl, "That token was not accepted: check it, or ask an admin for a new one.", StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(ApiTokenHandler.CookieName, presented, SessionCookie(context));
        return Results.Redirect(DashboardSecurity.LocalOrHome(returnUrl));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        if (await DashboardSecurity.RefuseForgeryAsync(context) is { } refused)
        {
            return refused;
        }

        context.Response.Cookies.Delete(ApiTokenHandler.CookieName, SessionCookie(context));
        return Results.Redirect("/login");
    }

    public static CookieOptions SessionCookie(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    private static IResult Form(HttpContext context, string? returnUrl, string? error, int status)
    {
        var described = error is null ? Markup.Empty : Html.Of($""" aria-describedby="login-error" aria-invalid="true" """);
        var message = error is null ? Markup.Empty : Html.Of($"""<p id="login-error" class="notice error" role="alert">{error}</p>""");
        return Layout.Page(context, "Log in", Html.Of($"""
            <section class="login" aria-labelledby="login-title">
              <h1 id="login-title">Log in</h1>
              <p>Paste an API token. It is kept in a secure, HTTP-only cookie of this site until you log out.</p>
              {message}
              <form method="post" action="/login" class="stack">
                {Layout.Antiforgery(context)}
                <input type="hidden" name="returnUrl" value="{DashboardSecurity.LocalOrHome(returnUrl)}">
                <label for="token">API token</label>
                <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required{described}>
                <button type="submit">Log in</button>
              </form>
            </section>
            """), status);
    }
}
