using Microsoft.AspNetCore.Http.HttpResults;
using Release.Api.Auth;
using Release.Api.Hosting;
using Release.Api.Releases;

namespace Release.Api.Tokens;

/// <param name="Products">Release names the token may touch; empty or absent: all.</param>
/// <param name="ExpiresAt">When it stops working; absent: never.</param>
public sealed record CreateTokenRequest(string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Products = null, DateTimeOffset? ExpiresAt = null);

/// <summary>A created token: <paramref name="Token"/> is the secret, shown this once.</summary>
public sealed record CreatedToken(string Token, ApiToken Details);

/// <summary><c>/api/v1/tokens</c> (admin): tokens are made and revoked by API calls, so a script can manage them.</summary>
public static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("tokens").RequireAuthorization(ApiScopes.Admin).AddEndpointFilter(ReleaseEndpoints.ProblemFilter);
        tokens.MapPost("/", CreateAsync).Accepts<CreateTokenRequest>("application/json").WithSummary("Create a token; its secret is in this answer only");
        tokens.MapGet("/", (TokenStore store) => TypedResults.Ok(store.List())).WithSummary("Every token, without secrets");
        tokens.MapDelete("/{id}", Revoke).WithSummary("Revoke a token: it is refused from the next request on");
        app.MapGet("/api/v1/me", (HttpContext context) => TypedResults.Ok(Caller.From(context.User)))
            .RequireAuthorization(ApiScopes.Read).WithTags("tokens").WithSummary("Who the presented credential is, its scopes and products");
    }

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateAsync(HttpContext context, TokenStore store, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync<CreateTokenRequest>(context.Request, context.RequestAborted);
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", "name is required (at most 100 characters): say whose or what the token is for");
        }

        var scopes = (body.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s));
        if (scopes.Count == 0 || unknown is not null)
        {
            return Problems.Problem(
                StatusCodes.Status400BadRequest, "Bad request", $"scopes must name at least one of {string.Join(", ", ApiScopes.All)}{(unknown is null ? "" : $"; '{unknown}' is not one")}");
        }

        var caller = Caller.From(context.User);
        if (caller.Products.Count > 0 && (body.Products is not { Count: > 0 } || body.Products.Any(p => !caller.MayTouch(p))))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "Forbidden", "a token limited to some products can only create tokens limited to those products");
        }

        if (body.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", $"expiresAt {expires:O} is in the past; give a future time, or none for a token that does not expire");
        }

        var (token, secret) = store.Create(body.Name.Trim(), scopes, body.Products?.ToList() ?? [], body.ExpiresAt, caller.Name);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(secret, token));
    }

    private static Results<NoContent, ProblemHttpResult> Revoke(string id, TokenStore store) =>
        store.Revoke(id)
            ? TypedResults.NoContent()
            : Problems.Problem(StatusCodes.Status404NotFound, "Token not found", $"no token with id {id}; GET /api/v1/tokens lists them");
}
