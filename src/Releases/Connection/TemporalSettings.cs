using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Release.Releases.Connection;

/// <summary>
/// Where a client of the release orchestrator (the worker, the CLI) connects and which task queue
/// the release worker polls. Read from Temporal's environment configuration by
/// <see cref="TemporalSettingsReader"/>.
/// </summary>
public sealed class TemporalSettings
{
    public const string DefaultAddress = "localhost:7233";
    public const string DefaultNamespace = "default";
    public const string DefaultTaskQueue = "release";

    private static readonly string[] CredentialWords = ["auth", "token", "key", "secret", "password", "cookie"];

    public string Address { get; init; } = DefaultAddress;

    public string Namespace { get; init; } = DefaultNamespace;

    public string TaskQueue { get; init; } = DefaultTaskQueue;

    /// <summary>Temporal Cloud API key; turns TLS on unless TLS is explicitly disabled.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Null: plain connection.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>gRPC headers sent with every call (TEMPORAL_GRPC_META_*), e.g. for a proxy in front of Temporal.</summary>
    public IReadOnlyDictionary<string, string> GrpcMetadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Values a log must never show: the API key and headers that look like credentials.</summary>
    public IEnumerable<string> Secrets =>
        GrpcMetadata.Where(h => CredentialWords.Any(w => h.Key.Contains(w, StringComparison.Ordinal))).Select(h => h.Value)
            .Concat(ApiKey is null ? [] : [ApiKey]);

    public TemporalClientConnectOptions ToConnectOptions(ILoggerFactory? loggerFactory = null)
    {
        var options = new TemporalClientConnectOptions(Address) { Namespace = Namespace, Tls = Tls };
        if (ApiKey is not null)
        {
            options.ApiKey = ApiKey;
        }

        if (GrpcMetadata.Count > 0)
        {
            options.RpcMetadata = GrpcMetadata.ToList();
        }

        if (loggerFactory is not null)
        {
            options.LoggerFactory = loggerFactory;
        }

        return options;
    }

    // The API key and header values must not reach a log through a settings dump.
    public override string ToString() =>
        $"{Address} namespace {Namespace} task queue {TaskQueue}{(Tls is null ? "" : " (TLS)")}{(ApiKey is null ? "" : " (API key)")}";
}
