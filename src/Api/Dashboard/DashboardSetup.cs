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
        // restart does not refuse the forms of pages already open. Off Windows there is no machine
        // key to encrypt them with, so the folder is its owner's only, like admin.token, and the
        // framework's warning that they are stored unencrypted is not repeated at every start.
        services.AddSingleton<DurationTrends>();
        services.AddDataProtection().PersistKeysToFileSystem(KeysDirectory(settings)).SetApplicationName("release-api");
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
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

    private static DirectoryInfo KeysDirectory(ApiSettings settings)
    {
        var path = Path.Combine(settings.DataDirectory, "keys");
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var keys = Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // An existing folder keeps its mode with CreateDirectory: narrowed here as well.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return keys;
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
