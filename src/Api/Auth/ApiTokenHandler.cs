using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Release.Api.Tokens;

namespace Release.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer rel_…</c> (or the dashboard's session cookie holding the
/// same token) against the token store. It never says why a token failed: a caller learns only 401.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The dashboard's cookie: HTTP-only, secure where served over HTTPS, same-site strict.</summary>
    public const string CookieName = "release_session";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Authenticate(presented) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid token"));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, token.Name),
            new(Caller.TokenIdClaim, token.Id),
        };
        claims.AddRange(token.Scopes.Select(s => new Claim(Caller.ScopeClaim, s)));
        claims.AddRange(token.Products.Select(p => new Claim(Caller.ProductClaim, p)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The bearer credential of a request: the Authorization header first, else the dashboard cookie.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) && cookie.Length > 0 ? cookie : null;
    }
}
