using Microsoft.IdentityModel.Tokens;
using Release.Analytics.Store;

namespace Release.Api.Hosting;

/// <summary>OIDC JWT validation: the identity provider's issuer and this API's audience.</summary>
/// <param name="SigningKey">A fixed key instead of the issuer's published keys (RELEASE_API_OIDC_SIGNING_KEY_FILE).</param>
public sealed record OidcSettings(string Authority, string Audience, SecurityKey? SigningKey = null);

/// <summary>The API's settings, read and checked at start (<see cref="ApiSettingsReader"/>).</summary>
/// <param name="Urls">Where Kestrel listens, e.g. http://localhost:8090.</param>
/// <param name="DataDirectory">Holds api.db (token hashes, idempotency keys) and, on first start, admin.token.</param>
/// <param name="Repository">A checkout of the release repository: starts may name a manifest path inside it.</param>
/// <param name="RateLimitPerMinute">Requests per minute per token (or per address, before authentication).</param>
/// <param name="Analytics">The collected CircleCI history the dashboard draws duration trends from; null: no trends.</param>
public sealed record ApiSettings(
    string Urls,
    string DataDirectory,
    string? Repository,
    int RateLimitPerMinute,
    OidcSettings? Oidc,
    StoreLocation? Analytics = null)
{
    public const string DefaultUrls = "http://localhost:8090";

    public string DatabasePath => Path.Combine(DataDirectory, "api.db");

    /// <summary>Where the first start writes the admin token it creates (mode 600).</summary>
    public string AdminTokenPath => Path.Combine(DataDirectory, "admin.token");
}
