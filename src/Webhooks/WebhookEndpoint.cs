using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Release.Webhooks;

/// <summary>
/// <c>POST /circleci/webhook</c>: CircleCI's outbound webhooks, verified, deduplicated, and turned
/// into <c>pipeline_event</c> signals. Polling stays on as the safety net, so a lost webhook only
/// costs latency.
/// </summary>
public static class WebhookEndpoint
{
    public const string DefaultPath = "/circleci/webhook";

    private const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapCircleCiWebhook(this IEndpointRouteBuilder app, string path = DefaultPath)
    {
        app.MapPost(path, HandleAsync);
        return app;
    }

    public static IServiceCollection AddCircleCiWebhook(this IServiceCollection services, string secret) => services
        .AddSingleton(new WebhookSignatureVerifier(secret))
        .AddSingleton<RecentEventIds>()
        .AddSingleton<PipelineEventRouter>();

    private static async Task<IResult> HandleAsync(HttpContext context, WebhookSignatureVerifier verifier, RecentEventIds seen, PipelineEventRouter router, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(WebhookEndpoint));
        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            return Results.Problem("the body is larger than 1 MiB", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!verifier.IsValid(body, context.Request.Headers["circleci-signature"]))
        {
            log.LogWarning("Rejected a CircleCI webhook with a missing or wrong signature");
            return Results.Problem("missing or invalid circleci-signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (CircleCiWebhookEvent.TryParse(body, out var problem) is not { } webhook)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        if (!seen.Add(webhook.Id))
        {
            return Results.Ok(new { status = "duplicate" });
        }

        try
        {
            var signalled = await router.RouteAsync(webhook, context.RequestAborted);
            log.LogDebug("CircleCI {EventType} for pipeline {PipelineId} woke {Workflows} workflow(s)", webhook.Type, webhook.PipelineId, signalled);
            return Results.Ok(new { status = "accepted", workflows = signalled });
        }
        catch (ArgumentException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
