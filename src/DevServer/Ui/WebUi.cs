using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Release.DevServer.Tls;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.DevServer.Ui;

/// <summary>
/// The read-only web UI, on its own HTTP/1.1 listener (the gRPC one speaks HTTP/2 only). It is a
/// client of the server like any other: every page is built from WorkflowService calls made through
/// the Temporalio SDK, as the real Temporal UI does, so it shows what an SDK would see.
/// </summary>
internal sealed class WebUi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebUi(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The UI's base URL, e.g. <c>http://127.0.0.1:8233</c> (https with TLS).</summary>
    public string Address { get; }

    /// <param name="grpcTarget">The server's own gRPC address, <c>host:port</c>.</param>
    public static async Task<WebUi> StartAsync(string grpcTarget, IPAddress ip, int port, LogLevel logLevel, DevServerTls? tls, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        // A port in use is reported as one line by the caller; the host's own log of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            tls?.UseOn(listen);
        }));
        var connection = TemporalConnection.CreateLazy(new TemporalConnectionOptions(grpcTarget) { Tls = tls?.UiClientTls });
        var app = builder.Build();
        app.MapGet("/", context => RespondAsync(context, connection, WorkflowsPage.RenderAsync));
        app.MapGet("/workflow", context => RespondAsync(context, connection, WorkflowPage.RenderAsync));
        app.MapGet("/schedules", context => RespondAsync(context, connection, SchedulesPage.RenderAsync));
        // The real Temporal UI's links (what `release start` prints) open the same pages here.
        app.MapGet("/namespaces/{ns}/workflows", (string ns) => Results.Redirect($"/?namespace={Uri.EscapeDataString(ns)}"));
        app.MapGet("/namespaces/{ns}/workflows/{workflowId}", (string ns, string workflowId) =>
            Results.Redirect($"/workflow?namespace={Uri.EscapeDataString(ns)}&workflowId={Uri.EscapeDataString(workflowId)}"));
        app.MapGet("/namespaces/{ns}/workflows/{workflowId}/{runId}/{*rest}", (string ns, string workflowId, string runId) =>
            Results.Redirect($"/workflow?namespace={Uri.EscapeDataString(ns)}&workflowId={Uri.EscapeDataString(workflowId)}&runId={Uri.EscapeDataString(runId)}"));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new WebUiBindException($"cannot listen on {ip}:{port} for the web UI: {e.Message}", e);
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = ip.Equals(IPAddress.Any) ? "127.0.0.1" : ip.Equals(IPAddress.IPv6Any) ? "[::1]" : bound.Host;
        return new WebUi(app, $"{(tls is null ? "http" : "https")}://{host}:{bound.Port}");
    }

    private delegate Task<UiPage> PageRenderer(ITemporalClient client, HttpRequest request, CancellationToken cancellationToken);

    private static async Task RespondAsync(HttpContext context, TemporalConnection connection, PageRenderer render)
    {
        var ns = context.Request.Query["namespace"].ToString();
        ns = string.IsNullOrWhiteSpace(ns) ? "default" : ns.Trim();
        var client = new TemporalClient(connection, new TemporalClientOptions { Namespace = ns });
        UiPage page;
        try
        {
            page = await render(client, context.Request, context.RequestAborted);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            page = new UiPage("Not found", PageLayout.Error(e.Message), StatusCodes.Status404NotFound);
        }
        catch (RpcException e)
        {
            page = new UiPage("Server error", PageLayout.Error($"The server answered {e.Code}: {e.Message}"), StatusCodes.Status502BadGateway);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A page must not fail as a bare 500: say what went wrong, as one line.
            page = new UiPage("Error", PageLayout.Error($"This page could not be built: {e.Message}"), StatusCodes.Status500InternalServerError);
        }
        var html = PageLayout.Render(page.Title, ns, await NamespacesAsync(connection, context.RequestAborted), page.Body);
        context.Response.StatusCode = page.StatusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // No scripts anywhere: even if some workflow data slipped past encoding, a browser would not run it.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static async Task<IReadOnlyList<string>> NamespacesAsync(TemporalConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var response = await connection.WorkflowService.ListNamespacesAsync(new() { PageSize = 100 }, new RpcOptions { CancellationToken = cancellationToken });
            return [.. response.Namespaces.Select(n => n.NamespaceInfo.Name).Order(StringComparer.Ordinal)];
        }
        catch (RpcException)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
    }
}

/// <summary>A rendered page body, before the layout wraps it.</summary>
internal sealed record UiPage(string Title, string Body, int StatusCode = StatusCodes.Status200OK);

/// <summary>The web UI's port could not be bound (distinct from the gRPC port, so the message can name the right flag).</summary>
public sealed class WebUiBindException : IOException
{
    public WebUiBindException()
    {
    }

    public WebUiBindException(string message)
        : base(message)
    {
    }

    public WebUiBindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
