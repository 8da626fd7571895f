using System.Security.Cryptography;
using System.Text;

namespace Release.CircleCiSimulator;

/// <summary>CircleCI's webhook signature: <c>v1=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
internal static class WebhookSignature
{
    public static string Sign(string secret, byte[] body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
