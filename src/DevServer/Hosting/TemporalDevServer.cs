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
using Release.DevServer.Persistence;
using Release.DevServer.Tls;
using Release.DevServer.Ui;

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
    private readonly DevServerTls? _tls;
    private WebUi? _ui;

    private TemporalDevServer(WebApplication app, TemporalEngine engine, DevServerTls? tls, string address)
    {
        _app = app;
        _engine = engine;
        _tls = tls;
        Address = address;
    }

    /// <summary>The gRPC target, as <c>host:port</c> (what TemporalClient.ConnectAsync takes).</summary>
    public string Address { get; }

    /// <summary>True when clients must connect with TLS (see <see cref="DevServerOptions.TlsCertFile"/>).</summary>
    public bool UsesTls => _tls is not null;

    /// <summary>True when clients must also present a certificate signed by <see cref="DevServerOptions.TlsClientCaFile"/>.</summary>
    public bool RequiresClientCertificate => _tls?.RequiresClientCertificate == true;

    /// <summary>For tests: the engine behind the gRPC service.</summary>
    internal TemporalEngine Engine => _engine;

    /// <summary>The web UI's base URL, e.g. <c>http://127.0.0.1:8233</c>; null when headless.</summary>
    public string? UiAddress => _ui?.Address;

    public static async Task<TemporalDevServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.Ip, out var ip))
        {
            throw new ArgumentException($"--ip '{options.Ip}' is not an IP address.", nameof(options));
        }
        // Read before anything is bound or opened: a bad file fails the start with one line.
        var tls = DevServerTls.Load(options.TlsCertFile, options.TlsKeyFile, options.TlsClientCaFile);
        try
        {
            return await StartAsync(options, ip, tls, cancellationToken);
        }
        catch
        {
            tls?.Dispose();
            throw;
        }
    }

    private static async Task<TemporalDevServer> StartAsync(DevServerOptions options, IPAddress ip, DevServerTls? tls, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // A port in use is reported as one line by the caller; the host's own log of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ip, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                tls?.UseOn(listen);
            });
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        // Opened (and loaded) before the port is bound: a bad file fails the start, nothing is served from it.
        var store = options.DbFilename is { } dbFilename ? SqliteExecutionStore.Open(dbFilename) : null;
        ILogger? limitsLogger = null;
        var engine = new TemporalEngine(new EngineOptions
        {
            Namespaces = options.Namespaces,
            PollTimeout = options.PollTimeout,
            Retention = options.Retention,
            Store = store,
            Limits = options.Limits,
            OnWarning = message => limitsLogger?.LogWarning("{Warning}", message),
            VerifyPersistenceEachStep = options.VerifyPersistenceEachStep,
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton<WorkflowServiceApi>();
        builder.Services.AddSingleton<OperatorServiceApi>();
        builder.Services.AddGrpc(grpc =>
        {
            // The real frontend's limit: a larger request is refused with RESOURCE_EXHAUSTED.
            grpc.MaxReceiveMessageSize = options.Limits.GrpcMaxReceiveMessageSize > 0 ? (int)options.Limits.GrpcMaxReceiveMessageSize : null;
            grpc.MaxSendMessageSize = 128 * 1024 * 1024;
        });
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IServiceMethodProvider<WorkflowServiceApi>, WorkflowServiceBinder>());
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IServiceMethodProvider<OperatorServiceApi>, OperatorServiceBinder>());
        var app = builder.Build();
        limitsLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Release.DevServer.Limits");
        app.MapGrpcService<WorkflowServiceApi>();
        app.MapGrpcService<OperatorServiceApi>();
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
        var server = new TemporalDevServer(app, engine, tls, $"{options.Ip}:{bound.Port}");
        if (!options.Headless)
        {
            await server.StartUiAsync(options, ip, bound.Port, cancellationToken);
        }
        return server;
    }

    private async Task StartUiAsync(DevServerOptions options, IPAddress ip, int grpcPort, CancellationToken cancellationToken)
    {
        // The UI is a client of this server's own gRPC endpoint; a wildcard address is reached through loopback.
        var grpcHost = ip.Equals(IPAddress.Any) ? "127.0.0.1" : ip.Equals(IPAddress.IPv6Any) ? "[::1]" : options.Ip;
        try
        {
            _ui = await WebUi.StartAsync($"{grpcHost}:{grpcPort}", ip, options.UiPort, options.LogLevel, _tls, cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ui is not null)
        {
            await _ui.DisposeAsync();
        }
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
        await _engine.DisposeAsync();
        _tls?.Dispose();
    }
}
