using Release.Logging.Elasticsearch;
using Serilog.Events;

namespace Release.Logging.Configuration;

/// <summary>Reads the <c>Log</c> and <c>Elasticsearch</c> sections (see src/Worker/README.md).</summary>
public static class LogSettingsReader
{
    /// <summary>Adds the logging environment variables (ELASTICSEARCH_URL...) to <paramref name="aliases"/>.</summary>
    public static EnvironmentAliases AddLoggingAliases(this EnvironmentAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return aliases
            .Map("LOG_LEVEL", "Log:Level")
            .Map("LOG_CONSOLE", "Log:Console")
            .Map("LOG_JSON_FILE", "Log:JsonFile")
            .Map("ELASTICSEARCH_URL", "Elasticsearch:Url")
            .Map("ELASTICSEARCH_INDEX", "Elasticsearch:Index")
            .Map("ELASTICSEARCH_API_KEY", "Elasticsearch:ApiKey")
            .Map("ELASTICSEARCH_USERNAME", "Elasticsearch:Username")
            .Map("ELASTICSEARCH_PASSWORD", "Elasticsearch:Password")
            .Map("ELASTICSEARCH_CA_FINGERPRINT", "Elasticsearch:CertificateFingerprint");
    }

    public static LogSettings Read(SettingReader reader, string serviceName, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var jsonFile = reader.String("Log:JsonFile");
        if (jsonFile is not null)
        {
            CheckJsonFile(reader, jsonFile);
        }

        return new LogSettings
        {
            ServiceName = reader.String("Log:ServiceName", serviceName),
            Dataset = reader.String("Log:Dataset", "release.log"),
            MinimumLevel = reader.Enum("Log:Level", LogEventLevel.Information),
            Console = reader.Enum("Log:Console", ConsoleFormat.Text),
            JsonFile = jsonFile,
            Elasticsearch = ReadElasticsearch(reader),
            Secrets = secrets,
        };
    }

    // Checked now rather than left to the file sink, which fails silently later (and writes
    // "folder20261124" next to a folder given by mistake).
    private static void CheckJsonFile(SettingReader reader, string jsonFile)
    {
        var name = reader.Name("Log:JsonFile");
        if (Directory.Exists(jsonFile))
        {
            throw new SettingException(name, $"is '{jsonFile}', which is a folder; give a file name such as {Path.Combine(jsonFile, "worker.json")} (the date is added before the extension).");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(jsonFile)) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException(name, $"is '{jsonFile}', but folder '{folder}' cannot be created ({FileProblem.Describe(e)}); pick a folder the process may create.");
        }

        try
        {
            var probe = Path.Combine(folder, $".{Path.GetFileName(jsonFile)}.{Guid.NewGuid():N}.probe");
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException(name, $"is '{jsonFile}', but folder '{folder}' cannot be written ({FileProblem.Describe(e)}); pick a folder the process may write to.");
        }
    }

    private static ElasticsearchSettings? ReadElasticsearch(SettingReader reader)
    {
        if (reader.HttpUrl("Elasticsearch:Url") is not { } url)
        {
            return null;
        }

        var username = reader.String("Elasticsearch:Username");
        var password = reader.String("Elasticsearch:Password");
        if (password is not null && username is null)
        {
            throw new SettingException(reader.Name("Elasticsearch:Password"), $"is set without a user name; set {reader.Name("Elasticsearch:Username")} too, or use an API key.");
        }

        return new ElasticsearchSettings
        {
            Url = url,
            Index = reader.String("Elasticsearch:Index", "logs-release-default"),
            ApiKey = reader.String("Elasticsearch:ApiKey"),
            Username = username,
            Password = password,
            CertificateFingerprint = ReadFingerprint(reader, "Elasticsearch:CertificateFingerprint"),
            BatchSize = reader.Int("Elasticsearch:BatchSize", 500, 1, 10_000),
            QueueLimit = reader.Int("Elasticsearch:QueueLimit", 10_000, 1, 1_000_000),
            Period = reader.Duration("Elasticsearch:Period", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)),
            MaxAttempts = reader.Int("Elasticsearch:MaxAttempts", 5, 1, 100),
            FlushTimeout = reader.Duration("Elasticsearch:FlushTimeout", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(5)),
        };
    }

    private static string? ReadFingerprint(SettingReader reader, string key) =>
        reader.String(key) is not { } text ? null
        : ElasticsearchSettings.NormaliseFingerprint(text) ?? throw new SettingException(reader.Name(key), ElasticsearchSettings.FingerprintHint);
}
