using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Release.Webhooks;

/// <summary>
/// <c>POST /circleci/webhook</c>: CircleCI's outbound webhooks, verified, deduplicated, and turned
/// into <c>pipeline_event</c> signals. An event counts as seen only once it is routed: when
/// Temporal cannot be reached the answer is a quick 503, so CircleCI redelivers it. Polling stays
/// on as the safety net, so a lost webhook only costs latency.
/// </summary>
public static partial class WebhookEndpoint
{
    public const string DefaultPath = "/circleci/webhook";

    private const int MaxBodyBytes = 1 << 20;

    private static readonly string[] OtherMethods = ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"];

    public static IEndpointRouteBuilder MapCircleCiWebhook(this IEndpointRouteBuilder app, string path = DefaultPath)
    {
        app.MapPost(path, HandleAsync);
        app.MapMethods(path, OtherMethods, (HttpRequest request) => WebhookAnswers.WrongMethod(request.Method, path));
        return app;
    }

    public static IServiceCollection AddCircleCiWebhook(this IServiceCollection services, string secret, WebhookReceiverOptions? options = null) => services
        .AddSingleton(new WebhookSignatureVerifier(secret))
        .AddSingleton(options ?? new WebhookReceiverOptions())
        .AddSingleton<RoutedEventIds>()
        .AddSingleton<PipelineEventRouter>();

    private static async Task<IResult> HandleAsync(
        HttpContext context, WebhookSignatureVerifier verifier, RoutedEventIds seen, PipelineEventRouter router, WebhookReceiverOptions options, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(WebhookEndpoint));
        var body = await BoundedRequestBody.ReadAsync(context.Request, MaxBodyBytes);
        if (body is null)
        {
            return WebhookAnswers.Error(StatusCodes.Status413PayloadTooLarge, "the body is larger than 1 MiB; a CircleCI webhook is a few kilobytes");
        }

        string? signature = context.Request.Headers["circleci-signature"];
        if (string.IsNullOrEmpty(signature))
        {
            LogRejected(log, "no circleci-signature header");
            return WebhookAnswers.Error(StatusCodes.Status401Unauthorized, "missing circleci-signature header; set the webhook's secret in CircleCI");
        }

        if (!verifier.IsValid(body, signature))
        {
            LogRejected(log, "a circleci-signature that does not match the body");
            return WebhookAnswers.Error(StatusCodes.Status401Unauthorized, "circleci-signature does not match the body; check that CircleCI and the worker share the same webhook secret");
        }

        if (WebhookBody.TryRead(body, out var problem) is not { } document)
        {
            return WebhookAnswers.Error(StatusCodes.Status400BadRequest, problem!);
        }

        CircleCiWebhookEvent? webhook;
        using (document)
        {
            var type = CircleCiWebhookEvent.String(document.RootElement, "type") ?? context.Request.Headers["circleci-event-type"].ToString();
            if (type == CircleCiWebhookEvent.PingType)
            {
                LogPing(log);
                return Results.Ok(new { status = "pong" });
            }

            webhook = CircleCiWebhookEvent.FromRoot(document.RootElement, out problem);
        }

        if (webhook is null)
        {
            return WebhookAnswers.Error(StatusCodes.Status400BadRequest, problem!);
        }

        if (!Guid.TryParse(webhook.PipelineId, out _))
        {
            return WebhookAnswers.Error(StatusCodes.Status400BadRequest, "pipeline.id is not a UUID");
        }

        if (webhook.ProjectSlug is { Length: > 0 } project)
        {
            options.ProjectHeard?.Invoke(project);
        }

        if (!PipelineEvents.IsKnown(webhook.Type))
        {
            // A type CircleCI adds later must not be redelivered forever: accept it and say so.
            return Results.Ok(new { status = "ignored", reason = $"event type '{webhook.Type}' is not one the orchestrator uses" });
        }

        return await RouteAsync(context, webhook, seen, router, options, log);
    }

    private static async Task<IResult> RouteAsync(
        HttpContext context, CircleCiWebhookEvent webhook, RoutedEventIds seen, PipelineEventRouter router, WebhookReceiverOptions options, ILogger log)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        budget.CancelAfter(options.RoutingTimeout);
        try
        {
            var signalled = await seen.RouteOnceAsync(webhook.Id, () => router.RouteAsync(webhook, options.RoutingTimeout, budget.Token));
            if (signalled is not { } workflows)
            {
                return Results.Ok(new { status = "duplicate" });
            }

            LogRouted(log, webhook.Type, webhook.PipelineId, workflows);
            return Results.Ok(new { status = "accepted", workflows });
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            var reason = budget.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested
                ? $"no answer within {options.RoutingTimeout.TotalSeconds:0.#} s"
                : e.Message.ReplaceLineEndings(" ");
            LogNotRouted(log, webhook.Id, webhook.PipelineId, reason);
            return WebhookAnswers.Error(StatusCodes.Status503ServiceUnavailable, "cannot reach Temporal to route this event; it was not recorded, so a redelivery will be routed");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a CircleCI webhook with {Problem}")]
    private static partial void LogRejected(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "CircleCI webhook ping received")]
    private static partial void LogPing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "CircleCI {EventType} for pipeline {PipelineId} woke {Workflows} workflow(s)")]
    private static partial void LogRouted(ILogger logger, string eventType, string pipelineId, int workflows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not route CircleCI event {EventId} for pipeline {PipelineId} ({Reason}); answered 503 so CircleCI redelivers it")]
    private static partial void LogNotRouted(ILogger logger, string eventId, string pipelineId, string reason);
}
