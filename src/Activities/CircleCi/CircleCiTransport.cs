using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Release.Activities.CircleCi;

/// <summary>
/// One HTTP exchange with CircleCI: authentication, timeout, and the translation of every failure
/// into a <see cref="CircleCiException"/> whose type says whether trying again can help.
/// </summary>
/// <remarks>
/// Deliberately no retry loop here: every call runs inside a Temporal activity, and Temporal owns
/// retries (backoff, attempt limits, visibility in the workflow history, surviving worker restarts).
/// Retrying here as well would multiply attempts and hide them. The activity layer maps
/// <see cref="CircleCiRetryableException"/> to a retryable failure with next_retry_delay set from
/// Retry-After, and <see cref="CircleCiRequestException"/> to a non-retryable one.
/// </remarks>
internal sealed class CircleCiTransport
{
    private readonly HttpClient httpClient;
    private readonly CircleCiClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Uri baseUrl;
    private readonly CircleCiLog log;

    // One log line per answer; a page where every item is broken still says enough in ten.
    private const int MaxIssuesLogged = 10;

    public CircleCiTransport(HttpClient httpClient, CircleCiClientOptions options, TimeProvider timeProvider, CircleCiLog log)
    {
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "CircleCiClientOptions.Timeout must be positive.");
        }

        this.httpClient = httpClient;
        this.options = options;
        this.timeProvider = timeProvider;
        this.log = log;
        // Without the trailing slash, relative paths would replace the last segment ("v2").
        var root = options.BaseUrl.AbsoluteUri;
        baseUrl = new Uri(root.EndsWith('/') ? root : root + "/");
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var text = await SendAsync(method, path, body, cancellationToken);
        var endpoint = Describe(method, path);
        var issues = new List<AnswerIssue>();
        var result = CircleCiAnswers.Read<T>(text, endpoint, issues, Redact);
        if (issues.Count > 0)
        {
            log.Warn(
                "CircleCI {Endpoint} answered {Count} field(s) the client cannot read; they are read as absent or their item is skipped: {Problems}",
                endpoint,
                issues.Count,
                Redact(string.Join("; ", issues.Take(MaxIssuesLogged))));
        }

        return result;
    }

    /// <summary>Sends the request and returns the body of a 2xx answer; throws a classified exception otherwise.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (options.Token.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Circle-Token", options.Token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CircleCiJson.Options);
        }

        try
        {
            using var response = await httpClient.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            throw Classify(method, path, response, text);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our timeout (or HttpClient.Timeout) fired, not the caller's cancellation.
            throw new CircleCiRetryableException($"CircleCI {Describe(method, path)} did not answer within {options.Timeout.TotalSeconds:0.###} s.", null, null, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new CircleCiRetryableException($"CircleCI {Describe(method, path)} could not be reached: {Redact(e.Message)}", null, null, null, e);
        }
        catch (IOException e)
        {
            throw new CircleCiRetryableException($"CircleCI {Describe(method, path)} broke off the answer: {Redact(e.Message)}", null, null, null, e);
        }
    }

    private CircleCiException Classify(HttpMethod method, string path, HttpResponseMessage response, string body)
    {
        var status = response.StatusCode;
        var serverMessage = CircleCiErrorReader.ReadMessage(body) is { } m ? Redact(m) : null;
        var message = $"CircleCI {Describe(method, path)} answered {StatusText(status)}"
            + (serverMessage is null ? "." : $": {serverMessage}");
        if (status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500)
        {
            var retryAfter = CircleCiErrorReader.ReadRetryAfter(response.Headers, timeProvider.GetUtcNow());
            return new CircleCiRetryableException(message, status, serverMessage, retryAfter);
        }

        return new CircleCiRequestException(message, status, serverMessage);
    }

    // The path carries slugs and ids only (the token is a header); the query (branch names, page
    // tokens) adds noise.
    internal static string Describe(HttpMethod method, string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return $"{method} /{(query < 0 ? path : path[..query])}";
    }

    // "422 Unprocessable Entity", as HTTP spells it, rather than the enum's "UnprocessableEntity".
    internal static string StatusText(HttpStatusCode status)
    {
        var name = Enum.IsDefined(status) ? status.ToString() : "";
        var words = string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $" {c}" : $"{c}"));
        return words.Length == 0 ? $"{(int)status}" : $"{(int)status} {words}";
    }

    // Belt and braces: a server or proxy that echoes the request must not leak the token through us.
    internal string Redact(string text) =>
        options.Token.Length == 0 ? text : text.Replace(options.Token, "***", StringComparison.Ordinal);
}
