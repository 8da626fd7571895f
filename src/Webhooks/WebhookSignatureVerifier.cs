using System.Security.Cryptography;
using System.Text;

namespace Release.Webhooks;

/// <summary>
/// Checks CircleCI's <c>circleci-signature</c> header: <c>v1=</c> followed by the lowercase hex
/// HMAC-SHA256 of the raw body, keyed with the webhook's secret. The header may carry several
/// comma-separated signatures (during a secret rotation); any matching v1 one is enough.
/// </summary>
public sealed class WebhookSignatureVerifier(string secret)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(secret);

    public bool IsValid(ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(key, body);
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("v1=", StringComparison.Ordinal) && TryParseHex(part[3..], out var given)
                && CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
