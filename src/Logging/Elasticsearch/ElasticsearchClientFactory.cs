using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Release.Logging.Elasticsearch;

/// <summary>
/// The official client for a cluster as <see cref="ElasticsearchSettings"/> describes it: one place
/// for the URL, the credentials and the TLS trust, shared by the log sink and the analytics export.
/// </summary>
/// <remarks>
/// Why the official client rather than hand-written HTTP: real clusters (Elastic 8 and later) come
/// with a self-signed CA and basic or API-key authentication; the client's transport handles the
/// CA fingerprint, both credentials, the product check (a proxy answering instead of Elasticsearch
/// is noticed) and the typed per-item bulk answers, which this code would otherwise repeat.
/// </remarks>
public static class ElasticsearchClientFactory
{
    public static ElasticsearchClient Create(ElasticsearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = new ElasticsearchClientSettings(settings.Url)
            .RequestTimeout(settings.RequestTimeout)
            // Retries are ours (the sink's doubling delays, the export's attempts): one try per call here.
            .MaximumRetries(0)
            .DisablePing();
        if (settings.ApiKey is { } apiKey)
        {
            client = client.Authentication(new ApiKey(apiKey));
        }
        else if (settings.Username is { } username)
        {
            client = client.Authentication(new BasicAuthentication(username, settings.Password ?? ""));
        }

        if (settings.CertificateFingerprint is { } fingerprint)
        {
            client = client.CertificateFingerprint(fingerprint);
        }

        return new ElasticsearchClient(client);
    }
}
