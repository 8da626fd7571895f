using System.Text.Json;
using Microsoft.Extensions.Options;
using Release.Api.Auth;

namespace Release.Api.Releases;

/// <summary>
/// <c>GET /api/v1/releases/{id}/events</c>: Server-Sent Events. A <c>progress</c> event carries the
/// release's document each time it changes (read once a second with the progress query, which
/// costs the release nothing), then one <c>end</c> event with the final document, and the stream
/// closes. A comment every 15 s keeps proxies from closing a quiet stream.
/// </summary>
public static class ReleaseEventStream
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(
        string id, HttpContext context, ReleaseService service, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(json);
        var caller = Caller.From(context.User);
        var cancellationToken = context.RequestAborted;

        // The first read may refuse (unknown id, other product): answered as problem details before the stream starts.
        var detail = await ReleaseEndpoints.DetailAsync(id, caller, service, cancellationToken);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var options = json.Value.SerializerOptions;
        string? last = null;
        var quietSince = time.GetUtcNow();
        try
        {
            while (true)
            {
                var text = JsonSerializer.Serialize(detail, options);
                var ended = detail.Status != "running";
                if (text != last || ended)
                {
                    await WriteAsync(context, ended ? "end" : "progress", text, cancellationToken);
                    last = text;
                    quietSince = time.GetUtcNow();
                }
                else if (time.GetUtcNow() - quietSince >= Heartbeat)
                {
                    await context.Response.WriteAsync(": still running\n\n", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    quietSince = time.GetUtcNow();
                }

                if (ended)
                {
                    return;
                }

                await Task.Delay(Interval, time, cancellationToken);
                try
                {
                    detail = await ReleaseEndpoints.DetailAsync(id, caller, service, cancellationToken);
                }
                catch (Temporalio.Exceptions.RpcException)
                {
                    // Temporal away for a moment: the stream stays open and tells when it answers again.
                    await context.Response.WriteAsync(": temporal unavailable, retrying\n\n", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpContext context, string name, string data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
