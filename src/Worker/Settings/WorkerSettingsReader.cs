using Microsoft.Extensions.Configuration;
using Release.Activities.CircleCi;
using Release.Activities.Collection;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.Analytics.Store;
using Release.Logging.Configuration;
using Release.Releases.Connection;

namespace Release.Worker.Settings;

/// <summary>
/// Reads and validates <see cref="WorkerSettings"/>. Each problem throws a
/// <see cref="SettingException"/> whose one-line message names the setting.
/// </summary>
public static class WorkerSettingsReader
{
    public static WorkerSettings Read(IConfiguration configuration)
    {
        var reader = new SettingReader(configuration, WorkerEnvironment.Aliases);
        var temporal = TemporalSettingsReader.Read(reader);
        var circleCi = ReadCircleCi(reader);
        var webhook = ReadWebhook(reader);
        var secrets = new[] { circleCi.Token, webhook?.Secret }.OfType<string>().Concat(temporal.Secrets).ToList();
        return new WorkerSettings
        {
            Temporal = temporal,
            CircleCi = circleCi,
            Webhook = webhook,
            Log = LogSettingsReader.Read(reader, "release-worker", secrets),
            GracefulShutdownTimeout = reader.Duration("Worker:GracefulShutdownTimeout", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromHours(1)),
            MaxCachedWorkflows = reader.Int("Worker:MaxCachedWorkflows", 10_000, 0, 1_000_000),
            MaxConcurrentActivities = reader.Int("Worker:MaxConcurrentActivities", 100, 1, 10_000),
            MaxConcurrentWorkflowTasks = reader.Int("Worker:MaxConcurrentWorkflowTasks", 100, 2, 10_000),
            Reports = ReadReports(reader),
            AnalyticsStore = ReadAnalyticsStore(reader),
            CollectionCallsInFlight = reader.Int("Collection:CallsInFlight", CollectionCallLimit.Default, 1, 100),
            Events = ReadEvents(reader),
            ConnectTimeout = reader.Duration("Temporal:ConnectTimeout", TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromHours(1)),
        };
    }

    /// <summary>The folder is created now: one the worker cannot write would otherwise stall every large stage's snapshot.</summary>
    private static ReportStore ReadReports(SettingReader reader)
    {
        var store = new ReportStore(reader.String("Reports:Directory") ?? ReportStore.FromEnvironment().Folder)
        {
            InlineLimit = reader.Int("Reports:InlineLimit", ReportStore.DefaultInlineLimit, 0, 1_500_000),
        };
        try
        {
            Directory.CreateDirectory(store.Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException(reader.Name("Reports:Directory"), $"is '{store.Folder}', which cannot be created ({e.Message}); point it at a folder the worker may write.");
        }

        return store;
    }

    private static EventSettings ReadEvents(SettingReader reader)
    {
        Uri? broker = null;
        if (reader.String("Events:RabbitMq") is { } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out broker) || broker.Scheme is not ("amqp" or "amqps"))
            {
                // Not echoed: the URL may hold the broker's password.
                throw new SettingException(reader.Name("Events:RabbitMq"), "is not an amqp:// or amqps:// URL; give one like amqp://user:password@host:5672/vhost.");
            }
        }

        Uri? source = null;
        if (reader.String("Events:Source") is { } sourceText && !Uri.TryCreate(sourceText, UriKind.Absolute, out source))
        {
            throw new SettingException(reader.Name("Events:Source"), $"is '{sourceText}', not an absolute URI (the CloudEvents source), e.g. https://release.example.com/orchestrator.");
        }

        var settings = new EventSettings
        {
            RabbitMq = broker,
            Exchange = reader.String("Events:Exchange", Release.Events.RabbitMq.RabbitMqEventPublisher.DefaultExchange),
            File = reader.String("Events:File") ?? EventSettings.DefaultFile,
            Source = source,
            UiUrl = reader.HttpUrl("Events:UiUrl")?.ToString() ?? EventSettings.DefaultUiUrl,
        };
        if (broker is null)
        {
            // Created now: a folder the worker cannot write would otherwise retry every event forever.
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.File))!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SettingException(reader.Name("Events:File"), $"is '{settings.File}', whose folder cannot be created ({e.Message}); point it at a file the worker may write.");
            }
        }

        return settings;
    }

    private static StoreLocation ReadAnalyticsStore(SettingReader reader)
    {
        try
        {
            return StoreLocation.Parse(reader.String("Analytics:Store") ?? StoreLocation.DefaultPath);
        }
        catch (StoreException e)
        {
            // The store's own words never repeat a password.
            throw new SettingException(reader.Name("Analytics:Store"), $"is not an analytics store: {e.Message}");
        }
    }

    private static WebhookSettings? ReadWebhook(SettingReader reader)
    {
        var secret = reader.String("CircleCi:Webhook:Secret");
        if (reader.FileText("CircleCi:Webhook:SecretFile") is { } text)
        {
            secret = secret is null
                ? text.Trim()
                : throw new SettingException(reader.Name("CircleCi:Webhook:SecretFile"), $"and {reader.Name("CircleCi:Webhook:Secret")} are both set; set only one.");
        }

        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var ip = reader.String("CircleCi:Webhook:Ip", "0.0.0.0");
        if (!System.Net.IPAddress.TryParse(ip, out _))
        {
            throw new SettingException(reader.Name("CircleCi:Webhook:Ip"), $"is '{ip}', not an IP address.");
        }

        return new WebhookSettings(secret, reader.Int("CircleCi:Webhook:Port", 8088, 0, 65535), ip)
        {
            FallbackAfter = reader.Duration("CircleCi:Webhook:FallbackAfter", WebhookMode.DefaultFallbackAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        };
    }

    private static CircleCiClientOptions ReadCircleCi(SettingReader reader)
    {
        var token = reader.String("CircleCi:Token");
        var tokenFile = reader.String("CircleCi:TokenFile");
        var tokenFromFile = reader.FileText("CircleCi:TokenFile")?.Trim();
        if (token is not null && tokenFile is not null)
        {
            throw new SettingException(reader.Name("CircleCi:TokenFile"), $"and {reader.Name("CircleCi:Token")} are both set; set only one.");
        }

        token ??= tokenFromFile;

        if (token is null)
        {
            throw new SettingException(
                reader.Name("CircleCi:Token"),
                "is not set; set CIRCLECI_TOKEN to a CircleCI API token, or CIRCLECI_TOKEN_FILE to a file holding it.");
        }

        if (token.Any(char.IsWhiteSpace) || token.Any(char.IsControl))
        {
            // Never echo the value: it is a secret.
            throw new SettingException(tokenFile is null ? reader.Name("CircleCi:Token") : reader.Name("CircleCi:TokenFile"), "holds whitespace inside the token; check for a pasted line break.");
        }

        return new CircleCiClientOptions
        {
            BaseUrl = reader.HttpUrl("CircleCi:BaseUrl") ?? CircleCiClientOptions.DefaultBaseUrl,
            Token = token,
            Timeout = reader.Duration("CircleCi:Timeout", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        };
    }
}
