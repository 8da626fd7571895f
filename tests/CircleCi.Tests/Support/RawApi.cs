using System.Net;
using System.Text;
using System.Text.Json;
using Release.CircleCiSimulator;

namespace Release.CircleCi.Tests;

/// <summary>
/// Plain HTTP calls to the simulator for endpoints the client does not cover (rerun, v1.1 jobs),
/// with the scenario's Circle-Token unless told otherwise.
/// </summary>
internal sealed class RawApi(CircleCiSimulatorHost host, string? token = Scenarios.Token) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string pathOrUrl) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(pathOrUrl)));

    /// <summary>GET without any Circle-Token, as a client fetching a signed output URL does.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAnonymousAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url));
        return (response.StatusCode, Parse(await response.Content.ReadAsStringAsync()));
    }

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            if (token is not null)
            {
                request.Headers.Add("Circle-Token", token);
            }

            using var response = await http.SendAsync(request);
            return (response.StatusCode, Parse(await response.Content.ReadAsStringAsync()));
        }
    }

    private Uri Url(string pathOrUrl) =>
        pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(host.RootUrl, pathOrUrl.TrimStart('/'));

    private static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }
}
