using System.Security.Claims;

namespace Release.Api.Auth;

/// <summary>
/// Who calls, as the authentication handlers describe them: a name the workflow records (in
/// decisions, approvals, aborts), the scopes held, and the products they may touch (empty: all).
/// </summary>
public sealed record Caller(string Name, string? TokenId, IReadOnlyList<string> Scopes, IReadOnlyList<string> Products)
{
    public const string ScopeClaim = "scope";
    public const string ProductClaim = "release_product";
    public const string TokenIdClaim = "release_token_id";

    public bool Has(string scope) => Scopes.Any(held => ApiScopes.Grants(held, scope));

    /// <summary>Whether the caller may see or steer a release of <paramref name="product"/> (case-insensitive, as manifests vary).</summary>
    public bool MayTouch(string product) => Products.Count == 0 || Products.Contains(product, StringComparer.OrdinalIgnoreCase);

    /// <summary>The caller behind an authenticated request; scopes from a JWT may come space-separated in one claim.</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = user.FindAll(ScopeClaim).Concat(user.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var products = user.FindAll(ProductClaim).Select(c => c.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var name = user.FindFirst("preferred_username")?.Value ?? user.FindFirst(ClaimTypes.Name)?.Value
            ?? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        var tokenId = user.FindFirst(TokenIdClaim)?.Value;
        return new Caller(tokenId is null ? $"oidc:{name}" : $"token:{name}", tokenId, scopes, products);
    }
}
