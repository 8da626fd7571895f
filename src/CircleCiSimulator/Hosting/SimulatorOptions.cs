using System.Net;

namespace Release.CircleCiSimulator;

/// <summary>How the simulator serves, as opposed to what it plays (the scenario).</summary>
public sealed record SimulatorOptions
{
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port; read the result from <see cref="CircleCiSimulatorHost.BaseUrl"/>.</summary>
    public int Port { get; init; }

    /// <summary>Wall-clock seconds per scenario second: 0.1 makes a 10 s job take 1 s.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Items per page of every list, small so clients must follow next_page_token.</summary>
    public int PageSize { get; init; } = 2;

    /// <summary>
    /// Where to POST CircleCI's outbound <c>workflow-completed</c> webhooks, as CircleCI does for a
    /// project with a webhook configured; null sends none.
    /// </summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>The webhook's signing secret: the body's HMAC-SHA256 goes in <c>circleci-signature</c>.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>The clock; null means the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>What is wrong with these options, or null when they are usable.</summary>
    public string? Problem() =>
        !IPAddress.TryParse(Ip, out _) ? $"'{Ip}' is not an IP address"
        : Port is < 0 or > 65535 ? $"port {Port} is not between 0 and 65535"
        : !(TimeScale > 0 && double.IsFinite(TimeScale)) ? $"time scale {TimeScale} must be a positive number"
        : PageSize < 1 ? $"page size {PageSize} must be at least 1"
        : WebhookUrl is not null && string.IsNullOrEmpty(WebhookSecret) ? "a webhook URL needs a webhook secret to sign with"
        : WebhookUrl is { IsAbsoluteUri: false } ? $"webhook URL '{WebhookUrl}' is not absolute"
        : null;
}
