using Release.Logging.Configuration;

namespace Release.Worker.Settings;

/// <summary>
/// The environment variables the worker reads besides the <c>Section__Key</c> form. Temporal's
/// follow its client environment configuration (docs.temporal.io/references/client-environment-configuration).
/// </summary>
public static class WorkerEnvironment
{
    public static EnvironmentAliases Aliases { get; } = new EnvironmentAliases()
        .Map("TEMPORAL_ADDRESS", "Temporal:Address")
        .Map("TEMPORAL_NAMESPACE", "Temporal:Namespace")
        .Map("TEMPORAL_API_KEY", "Temporal:ApiKey")
        .Map("TEMPORAL_TASK_QUEUE", "Temporal:TaskQueue")
        .Map("TEMPORAL_TLS", "Temporal:Tls:Enabled")
        .Map("TEMPORAL_TLS_CLIENT_CERT_PATH", "Temporal:Tls:ClientCertPath")
        .Map("TEMPORAL_TLS_CLIENT_CERT_DATA", "Temporal:Tls:ClientCertData")
        .Map("TEMPORAL_TLS_CLIENT_KEY_PATH", "Temporal:Tls:ClientKeyPath")
        .Map("TEMPORAL_TLS_CLIENT_KEY_DATA", "Temporal:Tls:ClientKeyData")
        .Map("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "Temporal:Tls:ServerCaCertPath")
        .Map("TEMPORAL_TLS_SERVER_CA_CERT_DATA", "Temporal:Tls:ServerCaCertData")
        .Map("TEMPORAL_TLS_SERVER_NAME", "Temporal:Tls:ServerName")
        .Map("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "Temporal:Tls:DisableHostVerification")
        .Map("CIRCLECI_BASE_URL", "CircleCi:BaseUrl")
        .Map("CIRCLECI_TOKEN", "CircleCi:Token")
        .Map("CIRCLECI_TOKEN_FILE", "CircleCi:TokenFile")
        .Map("CIRCLECI_WEBHOOK_SECRET", "CircleCi:Webhook:Secret")
        .Map("CIRCLECI_WEBHOOK_SECRET_FILE", "CircleCi:Webhook:SecretFile")
        .Map("CIRCLECI_WEBHOOK_PORT", "CircleCi:Webhook:Port")
        .Map("CIRCLECI_WEBHOOK_IP", "CircleCi:Webhook:Ip")
        .Map("CIRCLECI_WEBHOOK_FALLBACK_AFTER", "CircleCi:Webhook:FallbackAfter")
        .AddLoggingAliases();
}
