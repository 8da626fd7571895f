using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Release.Activities.Release;

/// <summary>
/// Whether this worker receives CircleCI webhooks, and from which projects they actually arrive.
/// The trigger activity reports <see cref="Enabled"/>, so a component workflow knows it will be
/// woken at the pipeline's end and polls only as a safety net. The receiver reports each verified
/// delivery (<see cref="Heard"/>); a project silent for <see cref="FallbackAfter"/> (no webhook
/// configured on it, a wrong URL) is reported as not arriving by the status activity, so its
/// pipelines go back to the normal polling intervals until a webhook of it arrives.
/// </summary>
public sealed class WebhookMode
{
    public static readonly TimeSpan DefaultFallbackAfter = TimeSpan.FromMinutes(10);

    // More projects than any product has; past it the longest-silent one is forgotten.
    private const int MaxProjects = 10_000;

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly DateTimeOffset started;
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastHeard = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> fallenBack = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="fallbackAfter">How long a project may send no webhook before its pipelines are polled normally.</param>
    public WebhookMode(bool enabled, TimeSpan? fallbackAfter = null, TimeProvider? time = null, ILogger? logger = null)
    {
        Enabled = enabled;
        FallbackAfter = fallbackAfter ?? DefaultFallbackAfter;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        started = this.time.GetUtcNow();
    }

    public static WebhookMode Off { get; } = new(false);

    public bool Enabled { get; }

    public TimeSpan FallbackAfter { get; }

    /// <summary>A verified webhook of this project arrived.</summary>
    /// <param name="projectSlug">Either spelling: the webhook's <c>github/org/repo</c> or the API's <c>gh/org/repo</c>.</param>
    public void Heard(string projectSlug)
    {
        var project = ApiSlug(projectSlug);
        if (project.Length == 0)
        {
            return;
        }

        lastHeard[project] = time.GetUtcNow();
        if (lastHeard.Count > MaxProjects && lastHeard.MinBy(p => p.Value) is { Key: { } oldest })
        {
            lastHeard.TryRemove(oldest, out _);
        }

        if (fallenBack.TryRemove(project, out _))
        {
            logger.LogInformation("CircleCI webhooks from project {ProjectSlug} arrive again: polls are a safety net again", project);
        }
    }

    /// <summary>
    /// Whether webhooks of this project arrive: null when this worker receives none at all (or the
    /// project is unknown), so the workflow behaves as without this tracker.
    /// </summary>
    public bool? Arriving(string? projectSlug)
    {
        var project = ApiSlug(projectSlug);
        if (!Enabled || project.Length == 0)
        {
            return null;
        }

        var since = lastHeard.TryGetValue(project, out var at) ? at : started;
        if (time.GetUtcNow() - since < FallbackAfter)
        {
            return true;
        }

        // Said once per silence, not once per poll.
        if (fallenBack.TryAdd(project, true))
        {
            logger.LogWarning(
                "No CircleCI webhook from project {ProjectSlug} for {Window}: polling its pipelines at the normal intervals until one arrives (is a webhook configured on the project, pointing at this worker?)",
                project,
                Minutes(FallbackAfter));
        }

        return false;
    }

    /// <summary>The API's spelling of a slug: the webhook spells the VCS out.</summary>
    internal static string ApiSlug(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return "";
        }

        var slash = slug.IndexOf('/', StringComparison.Ordinal);
        var vcs = slash < 0 ? slug : slug[..slash];
        var rest = slash < 0 ? "" : slug[slash..];
        return vcs.ToLowerInvariant() switch
        {
            "github" => "gh" + rest,
            "bitbucket" => "bb" + rest,
            _ => slug,
        };
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? Plural(span.TotalMinutes, "minute") : Plural(span.TotalSeconds, "second");

    private static string Plural(double value, string unit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0.#} {unit}{(value == 1 ? "" : "s")}");
}
