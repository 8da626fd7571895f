namespace Release.Webhooks;

/// <summary>How the receiver answers and whom it tells about arrivals.</summary>
public sealed record WebhookReceiverOptions
{
    /// <summary>
    /// The most a delivery waits for Temporal. CircleCI gives up on an answer after 5 s and
    /// redelivers anything that got no 2xx, so a slow or absent Temporal gets a quick 503 instead.
    /// </summary>
    public TimeSpan RoutingTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Called with the project slug (as the webhook spells it) of every verified delivery, e.g. so
    /// the worker knows which projects' webhooks arrive. Must be quick and must not throw.
    /// </summary>
    public Action<string>? ProjectHeard { get; init; }
}
