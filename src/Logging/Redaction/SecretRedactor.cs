using System.Text.Encodings.Web;
using System.Text.Json;

namespace Release.Logging.Redaction;

/// <summary>
/// Replaces known secret values by <c>***</c> in any text, in their raw and JSON-escaped forms.
/// Values shorter than <see cref="MinimumLength"/> are ignored: masking every "a" would garble
/// logs, and real tokens are long.
/// </summary>
public sealed class SecretRedactor
{
    public const int MinimumLength = 6;
    public const string Mask = "***";

    private readonly string[] secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        this.secrets = secrets
            .Where(s => s is { Length: >= MinimumLength })
            .SelectMany(s => new[] { s!, JsonEncodedText.Encode(s!, JavaScriptEncoder.Default).ToString(), JsonEncodedText.Encode(s!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public bool IsEmpty => secrets.Length == 0;

    public bool Contains(string text) => secrets.Any(s => text.Contains(s, StringComparison.Ordinal));

    public string Redact(string text)
    {
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
