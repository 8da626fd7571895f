using Release.Activities.Release;
using Release.Logging.Configuration;
using Release.Releases.Connection;

namespace Release.Worker.Settings;

/// <summary>
/// The environment variables the worker reads besides the <c>Section__Key</c> form. Temporal's
/// follow its client environment configuration (docs.temporal.io/references/client-environment-configuration).
/// </summary>
public static class WorkerEnvironment
{
    public static EnvironmentAliases Aliases { get; } = new EnvironmentAliases()
        .AddTemporalAliases()
        .Map("CIRCLECI_BASE_URL", "CircleCi:BaseUrl")
        .Map("CIRCLECI_TOKEN", "CircleCi:Token")
        .Map("CIRCLECI_TOKEN_FILE", "CircleCi:TokenFile")
        .Map("CIRCLECI_WEBHOOK_SECRET", "CircleCi:Webhook:Secret")
        .Map("CIRCLECI_WEBHOOK_SECRET_FILE", "CircleCi:Webhook:SecretFile")
        .Map("CIRCLECI_WEBHOOK_PORT", "CircleCi:Webhook:Port")
        .Map("CIRCLECI_WEBHOOK_IP", "CircleCi:Webhook:Ip")
        .Map("CIRCLECI_WEBHOOK_FALLBACK_AFTER", "CircleCi:Webhook:FallbackAfter")
        .Map(ReportStore.FolderVariable, "Reports:Directory")
        .Map("RELEASE_REPORT_INLINE_LIMIT", "Reports:InlineLimit")
        .Map("RELEASE_ANALYTICS_STORE", "Analytics:Store")
        .Map("RELEASE_COLLECT_CALLS_IN_FLIGHT", "Collection:CallsInFlight")
        .Map("RELEASE_EVENTS_RABBITMQ", "Events:RabbitMq")
        .Map("RELEASE_EVENTS_EXCHANGE", "Events:Exchange")
        .Map("RELEASE_EVENTS_FILE", "Events:File")
        .Map("RELEASE_EVENTS_SOURCE", "Events:Source")
        .Map("TEMPORAL_UI_URL", "Events:UiUrl")
        .AddLoggingAliases();
}
