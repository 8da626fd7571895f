using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Worker.Tests.Support;

/// <summary>
/// An in-process stand-in for Elasticsearch's _bulk API on a free port: records each request and
/// answers like Elasticsearch does, or with the status a test queues.
/// </summary>
internal sealed class BulkEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> statuses = new();

    private BulkEndpoint(WebApplication app) => this.app = app;

    public ConcurrentQueue<BulkRequest> Requests { get; } = new();

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

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new BulkRequest(context.Request.ContentType ?? "", body));
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

        var count = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length / 2;
        var items = string.Join(",", Enumerable.Repeat("{\"create\":{\"status\":201}}", count));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"took\":1,\"errors\":false,\"items\":[{items}]}}");
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await app.DisposeAsync();
    }
}

internal sealed record BulkRequest(string ContentType, string Body)
{
    /// <summary>The source documents (every second line).</summary>
    public IReadOnlyList<string> Documents => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1).ToList();
}
