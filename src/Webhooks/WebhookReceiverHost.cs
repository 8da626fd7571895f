using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Client;

namespace Release.Webhooks;

/// <summary>
/// The webhook endpoint on its own small HTTP listener, for hosts that are not web apps (the
/// worker). Start it, read <see cref="Url"/>, dispose it. Every other path answers a plain 404.
/// </summary>
public sealed partial class WebhookReceiverHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiverHost(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    /// <summary>The URL to configure as the CircleCI project's webhook.</summary>
    public Uri Url { get; }

    /// <param name="port">0 picks a free port.</param>
    public static Task<WebhookReceiverHost> StartAsync(
        ITemporalClient client, string secret, IPAddress ip, int port, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default) =>
        StartAsync(client, secret, ip, port, loggers, new WebhookReceiverOptions(), cancellationToken);

    /// <param name="port">0 picks a free port.</param>
    /// <exception cref="IOException">The address cannot be bound (e.g. the port is in use).</exception>
    public static async Task<WebhookReceiverHost> StartAsync(
        ITemporalClient client, string secret, IPAddress ip, int port, ILoggerFactory? loggers, WebhookReceiverOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers ?? NullLoggerFactory.Instance);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, port));
        builder.Services.AddSingleton(client).AddCircleCiWebhook(secret, options);
        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<WebhookReceiverHost>();
        app.Use((context, next) => WebhookAnswers.GuardAsync(context, next, e => LogUnexpected(log, e)));
        app.MapCircleCiWebhook();
        app.MapFallback(() => WebhookAnswers.NotFound(WebhookEndpoint.DefaultPath));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new WebhookReceiverHost(app, new Uri(bound, WebhookEndpoint.DefaultPath));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The CircleCI webhook receiver failed on a request")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
