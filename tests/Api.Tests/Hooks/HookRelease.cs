using System.Net.Http.Json;
using System.Text.Json;
using Temporalio.Client;

namespace Api.Tests.Hooks;

/// <summary>A release.json of a product of its own per test, and the checks on what the hook started.</summary>
internal static class HookRelease
{
    public static string NewProduct() => $"hooks-{Guid.NewGuid():N}"[..18];

    public static string Manifest(string product, string version = "4.2.0-SNAPSHOT") => $$"""
        {
          "name": "{{product}}",
          "version": "{{version}}",
          "scmHttpUrl": "https://github.com/acme",
          "components": [
            { "name": "{{product}}-core", "version": "1.0.0-SNAPSHOT" },
            { "name": "{{product}}-app", "version": "{{version}}" }
          ],
          "buildDependencies": [["{{product}}-core"], ["{{product}}-app"]]
        }
        """;

    /// <summary>The release's workflow id, as Temporal names it (lowercase slugs).</summary>
    public static string WorkflowId(string product, string version = "4.2.0-SNAPSHOT") => $"release-{product}-{version.ToLowerInvariant()}";

    /// <summary>An answer's JSON body, checked first to hold nothing of the secret.</summary>
    public static async Task<JsonElement> BodyAsync(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(GitHubHookHost.Secret, text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits for the release to end (no sleep: the workflow's result), then reads it back through the API as a user would.</summary>
    public static async Task<JsonElement> FinishedAsync(ApiFixture api, string workflowId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await api.Stack.Client.GetWorkflowHandle(workflowId).GetResultAsync<JsonElement>(rpcOptions: new RpcOptions { CancellationToken = timeout.Token });
        using var client = api.Client(api.AdminToken);
        return await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/releases/{Uri.EscapeDataString(workflowId)}", UriKind.Relative));
    }

    /// <summary>How many runs Temporal has of the workflow: a second start would make two.</summary>
    public static async Task<int> RunsAsync(ApiFixture api, string workflowId)
    {
        var runs = 0;
        await foreach (var _ in api.Stack.Client.ListWorkflowsAsync($"WorkflowId = '{workflowId}'"))
        {
            runs++;
        }

        return runs;
    }

    /// <summary>Whether any release of the product was started: the hook must start none.</summary>
    public static async Task<bool> AnyStartedAsync(ApiFixture api, string product)
    {
        var id = WorkflowId(product);
        try
        {
            await api.Stack.Client.GetWorkflowHandle(id).DescribeAsync();
            return true;
        }
        catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }
}
