using Release.Activities.Release;

namespace Release.Worker.Settings;

/// <summary>
/// The optional CircleCI webhook receiver: with it, a pipeline's end is known within milliseconds
/// instead of at the next poll, and polls become a safety net. Off unless a secret is set.
/// </summary>
/// <param name="Secret">The signing secret configured on the CircleCI project's webhook.</param>
/// <param name="Port">Where the receiver listens (path /circleci/webhook); 0 picks a free port.</param>
public sealed record WebhookSettings(string Secret, int Port, string Ip = "0.0.0.0")
{
    /// <summary>
    /// A project that sent no webhook for this long has its pipelines polled at the normal
    /// intervals again (with one warning), until one of its webhooks arrives.
    /// </summary>
    public TimeSpan FallbackAfter { get; init; } = WebhookMode.DefaultFallbackAfter;
}
