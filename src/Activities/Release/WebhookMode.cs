namespace Release.Activities.Release;

/// <summary>
/// Whether this worker receives CircleCI webhooks. The trigger activity reports it, so a component
/// workflow knows it will be woken at the pipeline's end and polls only as a safety net.
/// </summary>
public sealed record WebhookMode(bool Enabled)
{
    public static WebhookMode Off { get; } = new(false);
}
