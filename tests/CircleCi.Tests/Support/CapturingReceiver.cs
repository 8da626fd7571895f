using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Release.CircleCi.Tests;

/// <summary>An HTTP endpoint that records every webhook delivery.</summary>
internal sealed class CapturingReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private CapturingReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentBag<(byte[] Body, string? Signature, string? EventType)> Received { get; } = [];

    public static async Task<CapturingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        CapturingReceiver? self = null;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            self!.Received.Add((body.ToArray(), request.Headers["circleci-signature"], request.Headers["circleci-event-type"]));
            return Results.Ok();
        });
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        self = new CapturingReceiver(app, new Uri(bound, "/hook"));
        return self;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
