using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Release.Worker.Settings;

/// <summary>Where the worker connects and which task queue it polls.</summary>
public sealed class TemporalSettings
{
    public string Address { get; init; } = "localhost:7233";

    public string Namespace { get; init; } = "default";

    public string TaskQueue { get; init; } = WorkerSettings.DefaultTaskQueue;

    /// <summary>Temporal Cloud API key; turns TLS on unless TLS is explicitly disabled.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Null: plain connection.</summary>
    public TlsOptions? Tls { get; init; }

    public TemporalClientConnectOptions ToConnectOptions(ILoggerFactory? loggerFactory = null)
    {
        var options = new TemporalClientConnectOptions(Address) { Namespace = Namespace, Tls = Tls };
        if (ApiKey is not null)
        {
            options.ApiKey = ApiKey;
        }

        if (loggerFactory is not null)
        {
            options.LoggerFactory = loggerFactory;
        }

        return options;
    }

    // The API key must not reach a log through a settings dump.
    public override string ToString() =>
        $"{Address} namespace {Namespace} task queue {TaskQueue}{(Tls is null ? "" : " (TLS)")}{(ApiKey is null ? "" : " (API key)")}";
}
