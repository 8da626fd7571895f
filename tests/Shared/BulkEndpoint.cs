using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Release.Tests.Shared;

/// <summary>
/// An in-process stand-in for Elasticsearch's _bulk API on a free port: records each request and
/// answers like Elasticsearch does, or with the status a test queues.
/// </summary>
internal sealed class BulkEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> statuses = new();
    private readonly ConcurrentQueue<string> answers = new();

    private BulkEndpoint(WebApplication app) => this.app = app;

    public ConcurrentQueue<BulkRequest> Requests { get; } = new();

    /// <summary>Documents sent with an <c>index</c> action and an id, by index and id: a second send replaces the first, as in Elasticsearch.</summary>
    public ConcurrentDictionary<(string Index, string Id), string> Indexed { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, each request waits for it before answering (a stuck cluster).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public static async Task<BulkEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new BulkEndpoint(app);
        app.MapPost("/_bulk", endpoint.HandleAsync);
        await app.StartAsync();
        endpoint.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return endpoint;
    }

    /// <summary>The next requests get these statuses (then 200 again).</summary>
    public void FailNext(params int[] codes)
    {
        foreach (var code in codes)
        {
            statuses.Enqueue(code);
        }
    }

    /// <summary>The next request gets this 200 body (e.g. per-item errors) instead of all items created.</summary>
    public void AnswerNext(string json) => answers.Enqueue(json);

    private async Task HandleAsync(HttpContext context)
    {
        // The official client refuses answers that do not say they come from Elasticsearch.
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        // The official client compresses its requests, as Elasticsearch accepts.
        var compressed = context.Request.Headers.ContentEncoding.ToString() == "gzip";
        using var reader = new StreamReader(compressed ? new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress) : context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new BulkRequest(context.Request.ContentType ?? "", body, context.Request.Headers.Authorization.ToString()));
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (statuses.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("{\"error\":\"test\"}");
            return;
        }

        if (answers.TryDequeue(out var answer))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
            return;
        }

        RecordIndexed(body);
        var count = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length / 2;
        var items = string.Join(",", Enumerable.Repeat("{\"create\":{\"status\":201}}", count));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"took\":1,\"errors\":false,\"items\":[{items}]}}");
    }

    private void RecordIndexed(string body)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            using var action = System.Text.Json.JsonDocument.Parse(lines[i]);
            if (action.RootElement.TryGetProperty("index", out var index) && index.TryGetProperty("_id", out var id))
            {
                Indexed[(index.GetProperty("_index").GetString()!, id.GetString()!)] = lines[i + 1];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await app.DisposeAsync();
    }
}

internal sealed record BulkRequest(string ContentType, string Body, string Authorization = "")
{
    /// <summary>The source documents (every second line).</summary>
    public IReadOnlyList<string> Documents => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1).ToList();
}
