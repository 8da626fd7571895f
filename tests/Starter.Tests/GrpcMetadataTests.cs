using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Starter.Tests;

/// <summary>
/// TEMPORAL_GRPC_META_* reaches the wire: a bare HTTP/2 endpoint standing where Temporal would be
/// records the headers of the CLI's first call (and answers "unimplemented", so the CLI stops there).
/// </summary>
public sealed class GrpcMetadataTests
{
    [Fact]
    public async Task Connect_GrpcMetaVariables_SentAsHeaders()
    {
        var seen = new ConcurrentQueue<(string? Tenant, string? Tag)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        await using var app = builder.Build();
        app.Run(context =>
        {
            seen.Enqueue((context.Request.Headers["x-tenant"], context.Request.Headers["deploy-tag"]));
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "12");
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First()).Authority;
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = address,
            ["TEMPORAL_GRPC_META_X_TENANT"] = "acme",
            ["TEMPORAL_GRPC_META_DEPLOY_TAG"] = "blue",
        };

        var result = await Cli.RunAsync(environment, "status", "release-anything");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(("acme", "blue"), seen);
    }
}
