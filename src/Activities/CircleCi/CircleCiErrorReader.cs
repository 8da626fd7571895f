using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Release.Activities.CircleCi;

/// <summary>Reads what an error answer says: CircleCI's message and the Retry-After delay.</summary>
internal static class CircleCiErrorReader
{
    private const int MaxMessageLength = 500;

    /// <summary>
    /// The "message" of a JSON error body; otherwise the body itself, since CircleCI has been seen
    /// answering plain text such as "Rate limited.". Null when the body is empty.
    /// </summary>
    public static string? ReadMessage(string body)
    {
        var text = body.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] == '{')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    // {"message": ""} says nothing; the status alone is clearer than an empty quote.
                    var said = message.GetString()!.Trim();
                    return said.Length == 0 ? null : Shorten(said);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through and report the text as it came.
            }
        }

        return Shorten(text);
    }

    /// <summary>Retry-After as a delay: either seconds or an HTTP date (measured from now, never negative).</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } typed)
        {
            if (typed.Delta is { } delta)
            {
                return delta;
            }

            if (typed.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        // The typed parser rejects fractional seconds ("1.5"), which some proxies send.
        if (headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0
            && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxMessageLength ? oneLine : oneLine[..MaxMessageLength] + "…";
    }
}
