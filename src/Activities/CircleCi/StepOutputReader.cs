using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Release.Activities.CircleCi;

/// <summary>
/// Downloads a step's output from the signed link CircleCI's v1.1 job answer gives, and keeps its
/// last lines. The link carries its own signature and may point at another host (a storage
/// bucket), so the Circle-Token is never sent to it. The download stops at a bound: a step can
/// write gigabytes, and only its end is wanted.
/// </summary>
internal sealed partial class StepOutputReader(HttpClient httpClient, CircleCiClientOptions options, TimeProvider timeProvider, StepOutputRedactor redactor)
{
    // A report line, not a log file: long lines (minified bundles, base64) are cut.
    internal const int MaxLineLength = 500;

    public async Task<StepOutput> ReadTailAsync(string outputUrl, string what, int maxLines, int maxBytes, CancellationToken cancellationToken)
    {
        // The link is never quoted in a message: its query is a signature.
        if (!Uri.TryCreate(outputUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return StepOutput.Unavailable("CircleCI's link to the output is not a web address");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Refused(response, what);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var (bytes, complete) = await ReadBoundedAsync(body, maxBytes, timeout.Token);
            var lines = Tail(TextOf(bytes, complete), maxLines);
            return new StepOutput(lines.Select(l => Shorten(redactor.Redact(l))).ToList(), !complete, null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CircleCiRetryableException($"CircleCI {what} did not arrive within {options.Timeout.TotalSeconds:0.###} s.", null, null, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new CircleCiRetryableException($"CircleCI {what} could not be reached: {redactor.Redact(e.Message)}", null, null, null, e);
        }
        catch (IOException e)
        {
            throw new CircleCiRetryableException($"CircleCI {what} broke off: {redactor.Redact(e.Message)}", null, null, null, e);
        }
    }

    // Busy or failing storage passes; any other refusal (an expired signature, say) will not, and
    // the step's name and exit code are still worth reporting without the output.
    private StepOutput Refused(HttpResponseMessage response, string what)
    {
        var status = response.StatusCode;
        var text = $"CircleCI {what} answered {CircleCiTransport.StatusText(status)}";
        if (status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500)
        {
            throw new CircleCiRetryableException(
                text + ".", status, null, CircleCiErrorReader.ReadRetryAfter(response.Headers, timeProvider.GetUtcNow()));
        }

        return StepOutput.Unavailable(text);
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length < maxBytes)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return (buffer.ToArray(), true);
            }

            buffer.Write(chunk, 0, read);
        }

        // At the bound: complete only if nothing follows.
        var probe = await body.ReadAsync(chunk.AsMemory(0, 1), cancellationToken);
        return (buffer.ToArray(), probe == 0);
    }

    // The body is a JSON list of {message, time, type} chunks; a line may span chunks, so the
    // messages are joined before splitting. A body cut at the bound is read up to its last whole
    // chunk. A body that is not such a list is taken as plain text, rather than lose the output.
    private static string TextOf(byte[] bytes, bool complete)
    {
        var text = new StringBuilder();
        var reader = new Utf8JsonReader(bytes, isFinalBlock: complete, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("message"))
                {
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (reader.TokenType == JsonTokenType.String)
                    {
                        text.Append(reader.GetString());
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Broken after some chunks: keep what was read; broken from the start: plain text.
            return text.Length > 0 ? text.ToString() : Encoding.UTF8.GetString(bytes);
        }

        return text.ToString();
    }

    private static List<string> Tail(string text, int maxLines)
    {
        var lines = AnsiEscape().Replace(text, "").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        // A progress bar rewrites its line with \r: what a terminal shows is the last rewrite.
        return lines.Skip(Math.Max(0, lines.Count - maxLines))
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l[(l.LastIndexOf('\r') + 1)..])
            .ToList();
    }

    private static string Shorten(string line) => line.Length <= MaxLineLength ? line : line[..(MaxLineLength - 1)] + "…";

    // Colours and cursor moves, as CircleCI's output keeps them for its web view.
    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}

internal sealed record StepOutput(IReadOnlyList<string> Lines, bool Cut, string? Problem)
{
    public static StepOutput Unavailable(string why) => new([], false, why);
}
