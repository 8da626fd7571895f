using System.Text;
using Microsoft.IdentityModel.Tokens;
using Release.Analytics.Store;
using Release.Api.Hooks;
using Release.Logging.Configuration;
using Release.Releases.Connection;

namespace Release.Api.Hosting;

/// <summary>Reads the API's settings from its variables, refusing a wrong one in one line (exit 2), as the worker does.</summary>
public static class ApiSettingsReader
{
    public static EnvironmentAliases Aliases { get; } = new EnvironmentAliases()
        .AddTemporalAliases()
        .AddGitHubHookAliases()
        .Map("RELEASE_API_URLS", "Api:Urls")
        .Map("RELEASE_API_DATA", "Api:DataDirectory")
        .Map("RELEASE_API_REPOSITORY", "Api:Repository")
        .Map("RELEASE_API_RATE_LIMIT", "Api:RateLimitPerMinute")
        .Map("RELEASE_API_OIDC_AUTHORITY", "Api:Oidc:Authority")
        .Map("RELEASE_API_OIDC_AUDIENCE", "Api:Oidc:Audience")
        .Map("RELEASE_API_OIDC_SIGNING_KEY_FILE", "Api:Oidc:SigningKeyFile")
        .Map("TEMPORAL_UI_URL", "Api:TemporalUiUrl")
        .Map("RELEASE_ANALYTICS_STORE", "Analytics:Store")
        .Map(Release.Activities.Release.ReportStore.FolderVariable, "Reports:Directory");

    public static ApiSettings Read(SettingReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var urls = reader.String("Api:Urls", ApiSettings.DefaultUrls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new SettingException(reader.Name("Api:Urls"), $"has '{url}', not an http(s) URL such as {ApiSettings.DefaultUrls}");
            }
        }

        var data = reader.String("Api:DataDirectory")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "release", "api");
        var repository = reader.String("Api:Repository");
        if (repository is not null && !Directory.Exists(repository))
        {
            throw new SettingException(reader.Name("Api:Repository"), $"is {repository}, which is not a folder; give the path of a release repository checkout");
        }

        var authority = reader.String("Api:Oidc:Authority");
        var audience = reader.String("Api:Oidc:Audience");
        OidcSettings? oidc = null;
        if (authority is not null || audience is not null)
        {
            if (authority is null || audience is null)
            {
                throw new SettingException(
                    reader.Name(authority is null ? "Api:Oidc:Authority" : "Api:Oidc:Audience"), "is missing: the OIDC authority and audience go together; set both to validate OIDC JWTs, or neither");
            }

            var keyText = reader.FileText("Api:Oidc:SigningKeyFile");
            oidc = new OidcSettings(authority, audience, keyText is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(keyText.Trim())));
        }

        return new ApiSettings(
            urls,
            Path.GetFullPath(data),
            repository is null ? null : Path.GetFullPath(repository),
            reader.Int("Api:RateLimitPerMinute", 600, 1, 1_000_000),
            oidc,
            ReadAnalyticsStore(reader));
    }

    // The worker's store, where the worker keeps it by default: trends appear once history was
    // collected, and a store that was never collected is not created empty by the API.
    private static StoreLocation? ReadAnalyticsStore(SettingReader reader)
    {
        try
        {
            if (reader.String("Analytics:Store") is { } location)
            {
                return StoreLocation.Parse(location);
            }

            return File.Exists(StoreLocation.DefaultPath) ? StoreLocation.Parse(StoreLocation.DefaultPath) : null;
        }
        catch (StoreException e)
        {
            throw new SettingException(reader.Name("Analytics:Store"), $"is not an analytics store: {e.Message}");
        }
    }
}
