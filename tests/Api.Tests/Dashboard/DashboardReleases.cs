using System.Net.Http.Json;
using System.Text.Json;

namespace Api.Tests.Dashboard;

/// <summary>Releases the dashboard tests start through the JSON API, each of its own product, and wait on.</summary>
internal static class DashboardReleases
{
    /// <summary>Starts a release of <paramref name="stages"/> (component names; see <see cref="ApiScenario"/> for what each does); its workflow id.</summary>
    public static async Task<string> StartAsync(ApiFixture api, string product, string[][] stages, object? options = null)
    {
        var manifest = new
        {
            name = product,
            version = "1.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = stages.SelectMany(s => s).Select(c => new { name = c }).ToArray(),
            buildDependencies = stages,
        };
        var body = JsonSerializer.SerializeToElement(manifest);
        var request = new Dictionary<string, object?> { ["manifest"] = body, ["branch"] = "main", ["pollIntervalSeconds"] = 0.2 };
        foreach (var (key, value) in JsonSerializer.SerializeToElement(options ?? new { }).EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            request[key] = value;
        }

        using var client = api.Client(api.AdminToken);
        using var answer = await client.PostAsJsonAsync(new Uri("/api/v1/releases", UriKind.Relative), request);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"start {product}: {(int)answer.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("workflowId").GetString()!;
    }

    public static async Task<JsonElement> DetailAsync(ApiFixture api, string workflowId)
    {
        using var client = api.Client(api.AdminToken);
        return await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/releases/{Uri.EscapeDataString(workflowId)}", UriKind.Relative));
    }

    /// <summary>Waits (polling the API, at most <paramref name="patience"/>) until the release's status is <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(ApiFixture api, string workflowId, string status, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(90));
        JsonElement detail = default;
        while (!timeout.IsCancellationRequested)
        {
            detail = await DetailAsync(api, workflowId);
            if (detail.GetProperty("status").GetString() == status)
            {
                return detail;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        throw new TimeoutException($"release {workflowId} is {detail.GetProperty("status")}, not {status}: {detail}");
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
