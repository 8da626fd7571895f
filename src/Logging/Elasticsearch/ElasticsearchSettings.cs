namespace Release.Logging.Elasticsearch;

/// <summary>A cluster (URL, credentials, trust) and how <see cref="ElasticsearchBulkSink"/> batches and sends events to it.</summary>
public sealed class ElasticsearchSettings
{
    public required Uri Url { get; init; }

    /// <summary>Target of each <c>create</c> action; the default fits Elasticsearch's built-in logs-*-* data streams.</summary>
    public string Index { get; init; } = "logs-release-default";

    /// <summary>Sent as <c>Authorization: ApiKey ...</c>; redacted like every secret.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Basic authentication when there is no API key (Elastic's built-in users); the password is redacted like every secret.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>
    /// SHA-256 fingerprint of the cluster's CA certificate (what Elasticsearch 8 prints at its first
    /// start): trusts a self-signed cluster without installing its CA on the machine.
    /// </summary>
    public string? CertificateFingerprint { get; init; }

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

    /// <summary>
    /// A CA fingerprint as Elasticsearch prints it (hex, with or without colons) in the form the
    /// client takes; null when it is not 64 hex digits.
    /// </summary>
    public static string? NormaliseFingerprint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim().Replace(":", "", StringComparison.Ordinal);
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    /// <summary>What to do about a fingerprint <see cref="NormaliseFingerprint"/> refused.</summary>
    public const string FingerprintHint =
        "is not a SHA-256 fingerprint (64 hex digits, colons allowed); copy the one Elasticsearch printed at its first start, or run 'openssl x509 -fingerprint -sha256 -noout -in http_ca.crt'.";
}
