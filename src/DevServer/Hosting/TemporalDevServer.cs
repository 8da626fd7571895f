using System.Net;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;
using Release.DevServer.Grpc;

namespace Release.DevServer.Hosting;

/// <summary>
/// A running dev server: the embedding API for tests and other programs.
/// <code>await using var server = await TemporalDevServer.StartAsync(new() { Port = 0 });
/// var client = await TemporalClient.ConnectAsync(new(server.Address));</code>
/// </summary>
public sealed class TemporalDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemporalEngine _engine;

    private TemporalDevServer(WebApplication app, TemporalEngine engine, string address)
    {
        _app = app;
        _engine = engine;
        Address = address;
    }

    /// <summary>The gRPC target, as <c>host:port</c> (what TemporalClient.ConnectAsync takes).</summary>
    public string Address { get; }

    public static async Task<TemporalDevServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.Ip, out var ip))
        {
            throw new ArgumentException($"--ip '{options.Ip}' is not an IP address.", nameof(options));
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ip, options.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        var engine = new TemporalEngine(new EngineOptions
        {
            Namespaces = options.Namespaces,
            PollTimeout = options.PollTimeout,
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton<WorkflowServiceApi>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 128 * 1024 * 1024;
            grpc.MaxSendMessageSize = 128 * 1024 * 1024;
        });
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IServiceMethodProvider<WorkflowServiceApi>, WorkflowServiceBinder>());
        var app = builder.Build();
        app.MapGrpcService<WorkflowServiceApi>();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            await engine.DisposeAsync();
            throw;
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new TemporalDevServer(app, engine, $"{options.Ip}:{bound.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
        await _engine.DisposeAsync();
    }
}
