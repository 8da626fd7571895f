using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary>
/// One caller of the API over real HTTP, with the calls the tests repeat and waits on conditions
/// (polling GET, never a fixed sleep) that fail saying what was awaited and what was seen last.
/// </summary>
internal sealed class ApiSession(ApiFixture api, string? token) : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public HttpClient Http { get; } = api.Client(token);

    public static Uri Path(string path) => new(path, UriKind.Relative);

    public static string Release(string workflowId) => $"/api/v1/releases/{Uri.EscapeDataString(workflowId)}";

    public async Task<HttpResponseMessage> PostAsync(string path, JsonNode? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(path))
        {
            Content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Starts a release and returns its handle, failing with the API's answer unless it was 201.</summary>
    public async Task<string> StartAsync(JsonObject body)
    {
        using var answer = await PostAsync("/api/v1/releases", body);
        var json = await JsonOf(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"start answered {(int)answer.StatusCode}: {json}");
        return json.GetProperty("workflowId").GetString()!;
    }

    /// <summary>Posts to a release's operation (abort, decisions...) and returns the answer's document, asserting its status.</summary>
    public async Task<JsonElement> OperateAsync(string workflowId, string operation, JsonNode body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var answer = await PostAsync($"{Release(workflowId)}/{operation}", body);
        var json = await JsonOf(answer);
        Assert.True(answer.StatusCode == expected, $"{operation} answered {(int)answer.StatusCode}, not {(int)expected}: {json}");
        return json;
    }

    public async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var answer = await Http.GetAsync(Path(path));
        var json = await JsonOf(answer);
        Assert.True(answer.StatusCode == expected, $"GET {path} answered {(int)answer.StatusCode}, not {(int)expected}: {json}");
        return json;
    }

    /// <summary>Polls the release's document until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> UntilAsync(string workflowId, Func<JsonElement, bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        JsonElement last = default;
        while (DateTime.UtcNow < until)
        {
            using var answer = await Http.GetAsync(Path(Release(workflowId)));
            last = await JsonOf(answer);
            if (answer.IsSuccessStatusCode && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"release {workflowId} never {what} within {Deadline.TotalSeconds:0} s; last document: {last}");
        return last;
    }

    public Task<JsonElement> UntilEndedAsync(string workflowId) =>
        UntilAsync(workflowId, d => d.GetProperty("status").GetString() != "running", "ended");

    /// <summary>Until the release waits for an operator: a decision on a component, or an approval of a stage.</summary>
    public Task<JsonElement> UntilWaitingAsync(string workflowId, string kind, Func<JsonElement, bool>? also = null) =>
        UntilAsync(
            workflowId,
            d => d.GetProperty("waiting").EnumerateArray().Any(w => w.GetProperty("kind").GetString() == kind && (also?.Invoke(w) ?? true)),
            $"waited for a {kind}");

    /// <summary>Until every component of the first stage has a pipeline (so the release's control is set up too).</summary>
    public Task<JsonElement> UntilTriggeredAsync(string workflowId) =>
        UntilAsync(
            workflowId,
            d => d.GetProperty("stages")[0].GetProperty("components").EnumerateArray().All(c => c.GetProperty("pipelineNumber").ValueKind == JsonValueKind.Number),
            "triggered its first stage's pipelines");

    /// <summary>Aborts a release a test leaves running (a slow one), and waits for its end, so it holds nothing.</summary>
    public async Task AbortAndWaitAsync(string workflowId)
    {
        await OperateAsync(workflowId, "abort", new JsonObject { ["reason"] = "test cleanup" }, HttpStatusCode.Accepted);
        await UntilEndedAsync(workflowId);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        try
        {
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"{(int)answer.StatusCode} with a body that is not JSON: {text}");
            throw;
        }
    }

    /// <summary>
    /// A refusal as RFC 7807 problem details: the status, a problem content type, a one-line detail
    /// that says what to do, no stack trace; returns the problem document.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage answer, HttpStatusCode status, string detailContains)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == status, $"answered {(int)answer.StatusCode}, not {(int)status}: {text}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(detailContains, detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', detail);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return problem;
    }

    public static async Task<JsonElement> AssertProblemAsync(Task<HttpResponseMessage> answer, HttpStatusCode status, string detailContains)
    {
        using var response = await answer;
        return await AssertProblemAsync(response, status, detailContains);
    }

    public static IEnumerable<JsonElement> Components(JsonElement detail) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("components").EnumerateArray());

    public static JsonElement Component(JsonElement detail, string name) => Components(detail).Single(c => c.GetProperty("name").GetString() == name);

    public static List<(string Kind, string By)> Actions(JsonElement detail) =>
        detail.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("kind").GetString()!, a.GetProperty("by").GetString()!)).ToList();

    public void Dispose() => Http.Dispose();
}

/// <summary>The pipelines the CircleCI simulator created for a project on a branch, read over its CircleCI API.</summary>
internal static class SimulatorPipelines
{
    public static async Task<int> CountAsync(ApiFixture api, string projectSlug, string branch)
    {
        using var http = new HttpClient { BaseAddress = api.Stack.SimulatorUrl };
        http.DefaultRequestHeaders.Add("Circle-Token", ApiFixture.SimulatorToken);
        var count = 0;
        string? page = null;
        do
        {
            var query = $"api/v2/project/{projectSlug}/pipeline?branch={Uri.EscapeDataString(branch)}{(page is null ? "" : $"&page-token={Uri.EscapeDataString(page)}")}";
            var json = await http.GetFromJsonAsync<JsonElement>(new Uri(query, UriKind.Relative));
            count += json.GetProperty("items").GetArrayLength();
            page = json.TryGetProperty("next_page_token", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (page is not null);
        return count;
    }
}
