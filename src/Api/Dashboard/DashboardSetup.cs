using Microsoft.AspNetCore.DataProtection;
using Release.Api.Hosting;
using Release.Api.Releases;

namespace Release.Api.Dashboard;

/// <summary>
/// The release dashboard: server-rendered pages over the same <see cref="ReleaseService"/> as the
/// JSON API, under a strict Content-Security-Policy, signed in with an API token kept in a cookie.
/// </summary>
public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Antiforgery tokens are sealed with data protection keys: kept beside the token store, so a
        // restart does not refuse the forms of pages already open.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataDirectory, "keys"))).SetApplicationName("release-api");
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "release_csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "csrf";
            options.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(DashboardSecurity.HeadersFilter).DisableAntiforgery();
        pages.MapGet("/", ListPage.RenderAsync);
        pages.MapGet("/releases/{id}", ReleasePage.RenderAsync);
        pages.MapGet("/releases/{id}/live", ReleasePage.FragmentAsync);
        pages.MapLoginPages();
        pages.MapReleaseActions();
        pages.MapDashboardAssets();
        return app;
    }

    /// <summary>A refusal's one line, as the API's problem details say it.</summary>
    internal static string ProblemText(Exception e) => Problems.Of(e).ProblemDetails.Detail ?? "the request was refused";
}
