using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Release.Api.Hosting;

namespace Release.Api.Auth;

/// <summary>
/// One scheme in front: API tokens (<c>rel_…</c>) go to the token store; anything else that looks
/// like a bearer token goes to OIDC JWT validation when an authority is configured. Each scope is a
/// policy, so endpoints say what they need and 401 (who are you) and 403 (not allowed) stay apart.
/// </summary>
public static class AuthSetup
{
    private const string Selector = "Release";

    public static void AddReleaseAuth(this IServiceCollection services, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API token or OIDC JWT", options => options.ForwardDefaultSelector = context =>
                settings.Oidc is not null && IsJwt(context.Request) ? JwtBearerDefaults.AuthenticationScheme : ApiTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, _ => { });
        if (settings.Oidc is { } oidc)
        {
            builder.AddJwtBearer(options =>
            {
                options.Authority = oidc.Authority;
                options.Audience = oidc.Audience;
                options.MapInboundClaims = false;
                options.RequireHttpsMetadata = oidc.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                if (oidc.SigningKey is { } key)
                {
                    // A fixed key instead of the authority's JWKS: for identity providers reached only
                    // by configuration, and for tests that sign their own tokens.
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = oidc.Authority,
                        ValidAudience = oidc.Audience,
                        IssuerSigningKey = key,
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                    options.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { Issuer = oidc.Authority };
                }
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Read, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Has(ApiScopes.Read)))
            .AddPolicy(ApiScopes.Operate, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Has(ApiScopes.Operate)))
            .AddPolicy(ApiScopes.Admin, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Has(ApiScopes.Admin)));
    }

    // A bearer header that is not one of our tokens; the dashboard cookie only ever holds API tokens.
    private static bool IsJwt(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 && ApiTokenHandler.Presented(request) is { } presented && TokenSecret.Parse(presented) is null;
}
