using System.Globalization;
using Release.Api.Auth;

namespace Release.Api.Tokens;

/// <summary>A stored token as the API shows it: never its secret, which is shown once at creation.</summary>
public sealed record ApiToken(
    string Id, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Products,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string CreatedBy)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Creates, finds and revokes API tokens; only their SHA-256 hashes are kept.</summary>
public sealed class TokenStore(ApiDatabase database, TimeProvider time)
{
    public (ApiToken Token, string Secret) Create(string name, IReadOnlyList<string> scopes, IReadOnlyList<string> products, DateTimeOffset? expiresAt, string createdBy)
    {
        var (id, secret) = TokenSecret.Create();
        var parsed = TokenSecret.Parse(secret)!.Value;
        var token = new ApiToken(id, name, scopes, products, time.GetUtcNow(), expiresAt, null, createdBy);
        using var connection = database.Open();
        using var insert = ApiDatabase.Command(
            connection,
            "INSERT INTO tokens (id, name, scopes, products, hash, created_at, expires_at, created_by) VALUES ($id, $name, $scopes, $products, $hash, $created, $expires, $by)",
            ("$id", id), ("$name", name), ("$scopes", string.Join(' ', scopes)), ("$products", string.Join(',', products)),
            ("$hash", TokenSecret.Hash(parsed.Secret)), ("$created", Text(token.CreatedAt)), ("$expires", expiresAt is { } e ? Text(e) : null), ("$by", createdBy));
        insert.ExecuteNonQuery();
        return (token, secret);
    }

    /// <summary>The active token a presented secret belongs to; null when unknown, revoked, expired or not matching.</summary>
    public ApiToken? Authenticate(string presented)
    {
        if (TokenSecret.Parse(presented) is not { } parts)
        {
            return null;
        }

        using var connection = database.Open();
        using var select = ApiDatabase.Command(connection, "SELECT hash FROM tokens WHERE id = $id", ("$id", parts.Id));
        if (select.ExecuteScalar() is not byte[] hash || !TokenSecret.Matches(parts.Secret, hash))
        {
            return null;
        }

        var token = Find(parts.Id);
        return token is not null && token.IsActive(time.GetUtcNow()) ? token : null;
    }

    public ApiToken? Find(string id) => Query("WHERE id = $id", ("$id", id)).FirstOrDefault();

    public IReadOnlyList<ApiToken> List() => Query("ORDER BY created_at");

    public bool Any()
    {
        using var connection = database.Open();
        using var count = ApiDatabase.Command(connection, "SELECT COUNT(*) FROM tokens");
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Revokes a token; false when there is none with that id. Revoking twice keeps the first time.</summary>
    public bool Revoke(string id)
    {
        using var connection = database.Open();
        using var update = ApiDatabase.Command(
            connection, "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $now) WHERE id = $id", ("$id", id), ("$now", Text(time.GetUtcNow())));
        return update.ExecuteNonQuery() > 0;
    }

    private List<ApiToken> Query(string where, params (string, object?)[] parameters)
    {
        using var connection = database.Open();
        using var select = ApiDatabase.Command(
            connection, $"SELECT id, name, scopes, products, created_at, expires_at, revoked_at, created_by FROM tokens {where}", parameters);
        using var reader = select.ExecuteReader();
        var tokens = new List<ApiToken>();
        while (reader.Read())
        {
            tokens.Add(new ApiToken(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Parse(reader.GetString(5)),
                reader.IsDBNull(6) ? null : Parse(reader.GetString(6)),
                reader.GetString(7)));
        }

        return tokens;
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
