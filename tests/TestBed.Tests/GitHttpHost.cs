using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestBed.Tests;

/// <summary>
/// Git's smart HTTP protocol on loopback: Kestrel runs Debian's <c>git http-backend</c> as a CGI
/// program for every request, the way Apache or nginx front it. With a token, a request without
/// Basic credentials holding it gets 401, as GitHub answers.
/// </summary>
public sealed class GitHttpHost : IAsyncDisposable
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";

    private readonly WebApplication app;

    private GitHttpHost(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Every Authorization header received, to check what the client sent.</summary>
    public List<string> Authorizations { get; } = [];

    public string Url(string bare) => $"{BaseUrl}/{Path.GetFileName(bare)}";

    public static async Task<GitHttpHost> StartAsync(string root, string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        GitHttpHost? host = null;
        app.Run(context => ServeAsync(context, root, token, host!));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host = new GitHttpHost(app, address);
        return host;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static async Task ServeAsync(HttpContext context, string root, string? token, GitHttpHost host)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            lock (host.Authorizations)
            {
                host.Authorizations.Add(authorization);
            }
        }

        if (token is not null && !IsBasicWithPassword(authorization, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }

        var start = new ProcessStartInfo(Backend) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GIT_PROJECT_ROOT"] = root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REMOTE_USER"] = "tester";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value;
        start.Environment["QUERY_STRING"] = request.QueryString.Value?.TrimStart('?') ?? "";
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString();
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await request.Body.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        await reading;
        await errors;
        await process.WaitForExitAsync();
        await WriteCgiResponseAsync(context.Response, output.ToArray());
    }

    // A CGI answer: header lines ("Status: 404 Not Found", "Content-Type: ..."), a blank line, the body.
    private static async Task WriteCgiResponseAsync(HttpResponse response, byte[] answer)
    {
        var end = IndexOf(answer, "\r\n\r\n"u8.ToArray(), out var separator);
        if (end < 0)
        {
            end = IndexOf(answer, "\n\n"u8.ToArray(), out separator);
        }

        var headers = Encoding.ASCII.GetString(answer, 0, Math.Max(end, 0)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in headers.Select(l => l.TrimEnd('\r')))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0]);
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }

        var body = end < 0 ? answer : answer[(end + separator)..];
        await response.Body.WriteAsync(body);
    }

    private static int IndexOf(byte[] data, byte[] pattern, out int length)
    {
        length = pattern.Length;
        return data.AsSpan().IndexOf(pattern);
    }

    private static bool IsBasicWithPassword(string authorization, string token)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        return decoded.EndsWith($":{token}", StringComparison.Ordinal);
    }
}
