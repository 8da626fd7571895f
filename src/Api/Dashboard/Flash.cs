namespace Release.Api.Dashboard;

/// <summary>
/// The one-line answer of a form post, shown once on the page it redirects to: kept in a short,
/// HTTP-only cookie rather than the URL, so a link cannot put words on someone's page.
/// </summary>
internal static class Flash
{
    private const string CookieName = "release_flash";

    public static void Set(HttpContext context, string message, bool error)
    {
        var options = LoginPages.SessionCookie(context);
        options.MaxAge = TimeSpan.FromMinutes(1);
        context.Response.Cookies.Append(CookieName, (error ? "e:" : "o:") + message, options);
    }

    public static (string Message, bool Error)? Take(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || value.Length < 2)
        {
            return null;
        }

        context.Response.Cookies.Delete(CookieName, LoginPages.SessionCookie(context));
        return (value[2..], value.StartsWith("e:", StringComparison.Ordinal));
    }
}
