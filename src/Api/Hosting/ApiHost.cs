using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Json;
using Release.Activities.Release;
using Release.Api.Auth;
using Release.Api.Dashboard;
using Release.Api.Hooks;
using Release.Api.Releases;
using Release.Api.Tokens;
using Release.Releases.Connection;
using Temporalio.Client;

namespace Release.Api.Hosting;

/// <summary>Builds the API around a Temporal client: routes, authentication, rate limits, OpenAPI.</summary>
public static class ApiHost
{
    /// <param name="connection">Where the client is connected (its task queue is where releases start, its UI URL is linked).</param>
    /// <param name="time">The clock of token expiry; tests move it.</param>
    /// <param name="hooks">The GitHub hook rules; null answers <c>/hooks/github</c> with "off".</param>
    public static WebApplication Build(
        ApiSettings settings, ITemporalClient client, ConnectionSettings connection, ReportStore reports, TimeProvider? time = null, Hooks.GitHubHookSettings? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.Urls);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        var database = new ApiDatabase(settings.DatabasePath);
        services.AddSingleton(settings);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<TokenStore>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton(new ReleaseService(client, connection, reports, settings.Repository));
        services.AddGitHubHooks(hooks, client, connection.TaskQueue);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddRequestProblems();
        services.AddOpenApi("v1");
        services.AddReleaseAuth(settings);
        services.AddDashboard(settings);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.RateLimitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.Problem(
                    StatusCodes.Status429TooManyRequests, "Too many requests", $"more than {settings.RateLimitPerMinute} requests a minute with this credential; retry after a minute")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });

        var app = builder.Build();
        app.UseStatusCodePages(async status =>
        {
            // Statuses set with no body (401 and 403 from the authorization layer, no route, wrong
            // method): problem details too, with no data.
            var response = status.HttpContext.Response;
            if (response.HasStarted)
            {
                return;
            }

            if (response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                await (response.StatusCode == StatusCodes.Status401Unauthorized
                    ? Problems.Problem(401, "Unauthorized", "a valid token is required: send Authorization: Bearer <token> (POST /api/v1/tokens makes one)")
                    : Problems.Problem(403, "Forbidden", "this token's scopes do not allow this request; ask an admin for a token with the scope it needs"))
                    .ExecuteAsync(status.HttpContext);
            }
            else if (RequestProblems.DescribeEmpty(status.HttpContext) is { } detail)
            {
                await Problems.Problem(response.StatusCode, ReasonPhrase(response.StatusCode), detail).ExecuteAsync(status.HttpContext);
            }
        });
        app.UseRequestProblems();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("health").WithSummary("Liveness: the API answers");
        app.MapReleaseEndpoints();
        app.MapTokenEndpoints();
        app.MapDashboard();
        app.MapGitHubHooks();
        return app;
    }

    /// <summary>On a store with no token yet, an admin token, written to a file only its owner can read; null when tokens exist.</summary>
    public static string? BootstrapAdminToken(ApiSettings settings, TokenStore tokens)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Any())
        {
            return null;
        }

        var (_, secret) = tokens.Create("admin", [ApiScopes.Admin], [], null, "first start");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(settings.AdminTokenPath, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            file.Write(secret);
        }

        return settings.AdminTokenPath;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    // Per token once authenticated (the id, never the secret), else per address: a caller with a
    // wrong token cannot use someone else's allowance.
    private static string PartitionKey(HttpContext context) =>
        Auth.ApiTokenHandler.Presented(context.Request) is { } presented && TokenSecret.Parse(presented) is { } parts
            ? $"token:{parts.Id}"
            : $"ip:{context.Connection.RemoteIpAddress}";
}
