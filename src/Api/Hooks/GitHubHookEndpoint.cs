using System.Net.Mime;
using System.Text.RegularExpressions;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using Release.Api.Hosting;
using Release.Api.Releases;
using Release.Releases.Operations;
using Release.Webhooks;
using Temporalio.Client;

namespace Release.Api.Hooks;

/// <summary>
/// <c>POST /hooks/github</c>: GitHub's webhook deliveries, verified against the raw body with the
/// shared secret (<c>X-Hub-Signature-256</c>, HMAC-SHA256 compared in constant time by
/// Octokit.Webhooks' validator), then ping and push handled. Octokit's own
/// <c>MapGitHubWebhooks</c> answers every outcome 200 with no body, and a refused signature
/// 400: this route answers 401 and names the release it started.
/// </summary>
public static partial class GitHubHookEndpoint
{
    public const string Path = "/hooks/github";

    // GitHub caps webhook payloads at 25 MB.
    private const int MaxBodyBytes = 25 * 1024 * 1024;

    public static IServiceCollection AddGitHubHooks(this IServiceCollection services, GitHubHookSettings? hooks, ITemporalClient client, string taskQueue)
    {
        if (hooks is not null)
        {
            services.AddSingleton(hooks).AddSingleton<GitHubDeliveries>()
                .AddSingleton(sp => new GitHubReleaseStarter(hooks, sp.GetRequiredService<GitHubDeliveries>(), client, taskQueue));
        }

        return services;
    }

    public static IEndpointRouteBuilder MapGitHubHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().WithTags("hooks")
            .WithSummary("GitHub webhook: a push changing release.json on a release branch, or a release tag, starts a release (X-Hub-Signature-256 required)");
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, ReleaseService releases, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(GitHubHookEndpoint));
        if (context.RequestServices.GetService<GitHubHookSettings>() is not { } hooks)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "GitHub hooks are off", $"GitHub hooks are off: {GitHubHookSettingsReader.OffHint}");
        }

        var request = context.Request;
        var delivery = Clean(request.Headers["X-GitHub-Delivery"].ToString());
        if (await BoundedRequestBody.ReadAsync(request, MaxBodyBytes) is not { } body)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", "the body is over 25 MiB, more than GitHub ever sends");
        }

        var signature = request.Headers["X-Hub-Signature-256"].ToString();
        var verdict = WebhookSignatureValidator.Verify(signature, hooks.Secret, body);
        if (verdict != WebhookSignatureValidationResult.Valid)
        {
            var missing = string.IsNullOrEmpty(signature);
            LogRejected(log, delivery, missing ? "no X-Hub-Signature-256 header" : "an X-Hub-Signature-256 that does not match the body", context.Connection.RemoteIpAddress?.ToString());
            return Problems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", missing
                ? "X-Hub-Signature-256 is missing; set the webhook's secret on GitHub to the one this API has (RELEASE_API_GITHUB_SECRET)"
                : "X-Hub-Signature-256 does not match the body; the webhook's secret on GitHub differs from RELEASE_API_GITHUB_SECRET (or its _FILE); make them the same");
        }

        var eventType = request.Headers["X-GitHub-Event"].ToString();
        if (eventType.Length == 0 || delivery.Length == 0)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", "X-GitHub-Event or X-GitHub-Delivery is missing; GitHub sends both with every delivery");
        }

        if (!IsJson(request.ContentType))
        {
            return Problems.Problem(
                StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "the payload is not JSON; set the webhook's content type to application/json on GitHub");
        }

        return eventType switch
        {
            "ping" => Ping(body, hooks, delivery),
            "push" => await PushAsync(body, delivery, context.RequestServices.GetRequiredService<GitHubReleaseStarter>(), releases, log),
            _ => TypedResults.Ok(new GitHubHookAnswer(
                "ignored", $"event '{Clean(eventType)}' starts no release; only push events do (choose \"Just the push event\" on GitHub)", delivery)),
        };
    }

    private static IResult Ping(byte[] body, GitHubHookSettings hooks, string delivery)
    {
        if (GitHubPayloads.Read<PingEvent>(body, out var problem) is not { } ping)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", problem!);
        }

        var repository = ping.Repository?.FullName;
        var note = repository is null || hooks.IsReleaseRepository(repository)
            ? $"pushes to {hooks.Repository} start releases"
            : $"but this hook is on {repository}, not the release repository {hooks.Repository}: its pushes will start nothing";
        return TypedResults.Ok(new GitHubHookAnswer("pong", $"hook {ping.HookId} reached the release API; {note}", delivery));
    }

    private static async Task<IResult> PushAsync(byte[] body, string delivery, GitHubReleaseStarter starter, ReleaseService releases, ILogger log)
    {
        if (GitHubPayloads.Read<PushEvent>(body, out var problem) is not { } push)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", problem!);
        }

        PushOutcome outcome;
        try
        {
            outcome = await starter.HandleAsync(push, delivery);
        }
        catch (ArgumentException e)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", e.Message);
        }
        catch (GitException e)
        {
            LogGitFailed(log, delivery, e.Message);
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Release repository unavailable", $"{e.Message}; fix the checkout, then redeliver");
        }
        catch (OperationCanceledException)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Timed out", "fetching the commit and starting its release took over 2 minutes; redeliver once git and Temporal answer");
        }
        catch (Exception e) when (Problems.IsKnown(e))
        {
            return Problems.Of(e);
        }

        if (outcome.Release is not { } state)
        {
            return TypedResults.Ok(new GitHubHookAnswer(outcome.Status, outcome.Reason, delivery, Ref: outcome.Trigger?.Ref, Commit: outcome.Trigger?.Commit));
        }

        var handle = ReleaseViews.Handle(state, releases);
        var answer = new GitHubHookAnswer(
            outcome.Status, outcome.Reason, delivery, handle, state.Input.Plan.ReleaseName, state.Input.Plan.ReleaseVersion, outcome.Trigger?.Ref, outcome.Trigger?.Commit, outcome.StartedBy);
        return outcome.Status == "started" ? TypedResults.Created(handle.Links.Self, answer) : TypedResults.Ok(answer);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);

    // Header values come from anyone: only what a GitHub id or event name holds reaches a log or an answer.
    private static string Clean(string value) => SafeText().Replace(value, "") is var safe && safe.Length > 100 ? safe[..100] : safe;

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex SafeText();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected GitHub delivery {Delivery} with {Problem}, from {Address}")]
    private static partial void LogRejected(ILogger logger, string delivery, string problem, string? address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub delivery {Delivery} could not be handled: {Problem}")]
    private static partial void LogGitFailed(ILogger logger, string delivery, string problem);
}
