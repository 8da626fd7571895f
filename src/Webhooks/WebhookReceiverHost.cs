using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Release.Webhooks;

/// <summary>
/// The webhook endpoint on its own small HTTP listener, for hosts that are not web apps (the
/// worker). Start it, read <see cref="Url"/>, dispose it.
/// </summary>
public sealed class WebhookReceiverHost : IAsyncDisposable
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
    public static async Task<WebhookReceiverHost> StartAsync(
        ITemporalClient client, string secret, IPAddress ip, int port, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, port));
        builder.Services.AddSingleton(client).AddCircleCiWebhook(secret);
        var app = builder.Build();
        app.MapCircleCiWebhook();
        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new WebhookReceiverHost(app, new Uri(bound, WebhookEndpoint.DefaultPath));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
