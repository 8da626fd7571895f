namespace Release.Logging.Elasticsearch;

/// <summary>How <see cref="ElasticsearchBulkSink"/> batches and sends events.</summary>
public sealed class ElasticsearchSettings
{
    public required Uri Url { get; init; }

    /// <summary>Target of each <c>create</c> action; the default fits Elasticsearch's built-in logs-*-* data streams.</summary>
    public string Index { get; init; } = "logs-release-default";

    /// <summary>Sent as <c>Authorization: ApiKey ...</c>; redacted like every secret.</summary>
    public string? ApiKey { get; init; }

    public int BatchSize { get; init; } = 500;

    /// <summary>Events waiting to be sent; past it new events are dropped and counted.</summary>
    public int QueueLimit { get; init; } = 10_000;

    /// <summary>How long a partial batch waits for more events.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per batch before it is dropped (and counted).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disposing waits to send what is queued; shutdown never hangs on a dead cluster.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public override string ToString() => $"{Url} index {Index}";
}
