using System.Security.Cryptography;
using System.Text;

namespace Release.Api.Auth;

/// <summary>
/// The shape of an API token, <c>rel_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the stored row without
/// a scan, the secret is compared by hash in constant time. Only the hash is ever stored.
/// </summary>
public static class TokenSecret
{
    public const string Prefix = "rel_";

    public static (string Id, string Token) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id and secret of a well-formed token; null for anything else (a JWT, garbage).</summary>
    public static (string Id, string Secret)? Parse(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = token[Prefix.Length..];
        var underscore = rest.IndexOf('_', StringComparison.Ordinal);
        return underscore == 12 && rest.Length > 13 ? (rest[..12], rest[13..]) : null;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
