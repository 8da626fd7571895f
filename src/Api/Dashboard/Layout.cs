using Microsoft.AspNetCore.Antiforgery;
using Release.Api.Auth;

namespace Release.Api.Dashboard;

/// <summary>The frame of every page: landmarks, the stylesheet and script from 'self', the signed-in caller and logout.</summary>
internal static class Layout
{
    public static IResult Page(HttpContext context, string title, Markup main, int status = StatusCodes.Status200OK, bool live = false)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true ? Caller.From(context.User) : null;
        var header = signedIn is null
            ? Markup.Empty
            : Html.Of($"""
                <nav aria-label="Account" class="account">
                  <span class="who">Signed in as {signedIn.Name}{(signedIn.Has(ApiScopes.Operate) ? "" : " (read only)")}</span>
                  <form method="post" action="/logout">{Antiforgery(context)}<button type="submit" class="link">Log out</button></form>
                </nav>
                """);
        var script = live ? Html.Of($"""<script src="/dashboard/dashboard.js" defer></script>""") : Markup.Empty;
        var page = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title} · Release dashboard</title>
              <link rel="stylesheet" href="/dashboard/dashboard.css">
              {script}
            </head>
            <body>
              <a class="skip" href="#main">Skip to content</a>
              <header class="top">
                <a class="brand" href="/">Release dashboard</a>
                {header}
              </header>
              <main id="main" tabindex="-1">
            {main}
              </main>
            </body>
            </html>
            """);
        return Results.Content(page.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>The hidden field of the request's antiforgery token (its cookie is set alongside).</summary>
    public static Markup Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>A one-line message in a live region, so a screen reader says it too.</summary>
    public static Markup Notice(string? text, bool error) => text is null
        ? Markup.Empty
        : Html.Of($"""<p class="notice {(error ? "error" : "ok")}" role="{(error ? "alert" : "status")}">{text}</p>""");
}
