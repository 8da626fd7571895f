using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Starter.Cli;

namespace Release.Starter.Api;

/// <summary>
/// The REST API seen from the command line: JSON in and out, and every refusal (problem details)
/// turned into the CLI's one-line error with the exit code the direct connection would give.
/// The token goes in the Authorization header only: never printed, never in a message.
/// </summary>
internal sealed class ReleaseApiClient(ApiTarget target) : IDisposable
{
    private readonly HttpClient http = new()
    {
        BaseAddress = target.BaseUrl,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", target.Token) },
    };

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public Uri BaseUrl => target.BaseUrl;

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>The <c>data:</c> of each Server-Sent Event of <paramref name="path"/>, with its event name, until the stream ends.</summary>
    public async IAsyncEnumerable<(string Event, JsonElement Data)> EventsAsync(
        string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (name, JsonDocument.Parse(data.ToString()).RootElement.Clone());
                }

                name = "message";
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Relative(path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        await ThrowIfRefusedAsync(response, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw CliException.Unavailable($"the API at {target.BaseUrl} answered {(int)response.StatusCode} with something that is not JSON; is --api the release API's address?");
        }
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CliException.Unavailable($"the API at {target.BaseUrl} is unreachable ({e.HttpRequestError}); is release-api running there?");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.Unavailable($"the API at {target.BaseUrl} did not answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    private async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ProblemDetailAsync(response, cancellationToken);
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"the API refused the token ({detail ?? "401"}); check --token-file",
            HttpStatusCode.Forbidden => $"the token may not do this: {detail ?? "403"}",
            _ => detail ?? $"the API answered {(int)response.StatusCode} {response.ReasonPhrase}",
        };
        throw (int)response.StatusCode is >= 500 or 429 ? CliException.Unavailable(message) : CliException.Usage(message);
    }

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail)
                ? detail.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Relative to the base URL, so an API behind a path prefix (https://ci.example.com/release/) works.
    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);
}
