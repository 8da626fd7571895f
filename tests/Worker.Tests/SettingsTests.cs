using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Release.Logging.Configuration;
using Release.Worker;
using Release.Worker.Settings;

namespace Worker.Tests;

/// <summary>
/// Configuration through the real host builder: each bad setting stops the start with one line
/// naming it (Temporal's variable name and the appsettings key).
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private const string Token = "cci-test-token-0123456789abcdef";
    private readonly string folder = Directory.CreateTempSubdirectory("worker-settings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "TEMPORAL_ADDRESS", "localhost", "TEMPORAL_ADDRESS (Temporal:Address) is 'localhost', not host:port" },
        { "TEMPORAL_ADDRESS", "localhost:99999", "TEMPORAL_ADDRESS (Temporal:Address) is 'localhost:99999', not host:port" },
        { "TEMPORAL_ADDRESS", "https://temporal:7233", "TEMPORAL_ADDRESS (Temporal:Address) is 'https://temporal:7233'; give host:port without a scheme" },
        { "TEMPORAL_TLS", "maybe", "TEMPORAL_TLS (Temporal:Tls:Enabled) is 'maybe', not true or false." },
        { "TEMPORAL_TLS_CLIENT_CERT_PATH", "/nonexistent/client.pem", "TEMPORAL_TLS_CLIENT_CERT_PATH (Temporal:Tls:ClientCertPath) names '/nonexistent/client.pem', which does not exist" },
        { "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/nonexistent/ca.pem", "TEMPORAL_TLS_SERVER_CA_CERT_PATH (Temporal:Tls:ServerCaCertPath) names '/nonexistent/ca.pem'" },
        { "TEMPORAL_TLS_SERVER_CA_CERT_DATA", "not a pem", "TEMPORAL_TLS_SERVER_CA_CERT_PATH (Temporal:Tls:ServerCaCertPath) does not hold a PEM certificate." },
        { "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "true", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION (Temporal:Tls:DisableHostVerification) is not supported" },
        { "CIRCLECI_BASE_URL", "ftp://circleci.example/", "CIRCLECI_BASE_URL (CircleCi:BaseUrl) is 'ftp://circleci.example/', not an absolute http(s) URL." },
        { "CIRCLECI_TOKEN_FILE", "/nonexistent/token", "CIRCLECI_TOKEN_FILE (CircleCi:TokenFile) names '/nonexistent/token'" },
        { "Worker__GracefulShutdownTimeout", "soon", "Worker:GracefulShutdownTimeout is 'soon', not a duration" },
        { "Temporal__ConnectTimeout", "-5s", "Temporal:ConnectTimeout is '-5s', not a duration from 0ms to 1h" },
        { "LOG_LEVEL", "loud", "LOG_LEVEL (Log:Level) is 'loud', not one of: verbose, debug, information, warning, error, fatal." },
        { "LOG_CONSOLE", "fancy", "LOG_CONSOLE (Log:Console) is 'fancy', not one of: text, json, none." },
        { "LOG_JSON_FILE", "/dev/null/logs/worker.json", "LOG_JSON_FILE (Log:JsonFile) is '/dev/null/logs/worker.json', but folder '/dev/null/logs' cannot be created" },
        { "ELASTICSEARCH_URL", "elastic", "ELASTICSEARCH_URL (Elasticsearch:Url) is 'elastic', not an absolute http(s) URL." },
        { "Worker__MaxConcurrentActivities", "0", "Worker:MaxConcurrentActivities is '0'" },
        { "CIRCLECI_TOKEN_FILE", "/tmp", "CIRCLECI_TOKEN_FILE (CircleCi:TokenFile) names '/tmp', which is a folder; give a file." },
        // Reading it at offset 0 fails with EIO whoever runs the test, root included.
        { "CIRCLECI_WEBHOOK_SECRET_FILE", "/proc/self/mem", "CIRCLECI_WEBHOOK_SECRET_FILE (CircleCi:Webhook:SecretFile) names '/proc/self/mem', which cannot be read (Input/output error)" },
        { "LOG_JSON_FILE", "/tmp", "LOG_JSON_FILE (Log:JsonFile) is '/tmp', which is a folder; give a file name such as /tmp/worker.json" },
        { "RELEASE_REPORTS_DIR", "/dev/null/reports", "RELEASE_REPORTS_DIR (Reports:Directory) is '/dev/null/reports', which cannot be created" },
        { "RELEASE_ANALYTICS_STORE", "postgres://u:secret@/x", "RELEASE_ANALYTICS_STORE (Analytics:Store) is not an analytics store: " },
        { "RELEASE_COLLECT_CALLS_IN_FLIGHT", "0", "RELEASE_COLLECT_CALLS_IN_FLIGHT (Collection:CallsInFlight) is '0', not a whole number from 1 to 100" },
        { "RELEASE_EVENTS_RABBITMQ", "http://guest:secret@localhost:5672/", "RELEASE_EVENTS_RABBITMQ (Events:RabbitMq) is not an amqp:// or amqps:// URL" },
        { "RELEASE_EVENTS_SOURCE", "not a uri", "RELEASE_EVENTS_SOURCE (Events:Source) is 'not a uri', not an absolute URI" },
        { "RELEASE_EVENTS_FILE", "/dev/null/events.ndjson", "RELEASE_EVENTS_FILE (Events:File) is '/dev/null/events.ndjson', whose folder cannot be created" },
        { "TEMPORAL_UI_URL", "localhost:8233", "TEMPORAL_UI_URL (Events:UiUrl) is 'localhost:8233', not an absolute http(s) URL" },
        { "RELEASE_REPORT_INLINE_LIMIT", "big", "RELEASE_REPORT_INLINE_LIMIT (Reports:InlineLimit) is 'big', not a whole number from 0 to 1500000" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void AddReleaseWorker_InvalidSetting_OneLineNamingIt(string variable, string value, string expected)
    {
        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN"] = Token, [variable] = value }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReleaseWorker_NoToken_SaysWhichVariablesToSet()
    {
        var error = Assert.Throws<SettingException>(() => Build([]));

        Assert.Equal(
            "CIRCLECI_TOKEN (CircleCi:Token) is not set; set CIRCLECI_TOKEN to a CircleCI API token, or CIRCLECI_TOKEN_FILE to a file holding it.",
            error.Message);
    }

    [Fact]
    public void AddReleaseWorker_TokenAndTokenFile_AsksForOne()
    {
        var file = Write("token", Token);

        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN"] = Token, ["CIRCLECI_TOKEN_FILE"] = file }));

        Assert.StartsWith("CIRCLECI_TOKEN_FILE (CircleCi:TokenFile) and CIRCLECI_TOKEN (CircleCi:Token) are both set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReleaseWorker_EmptyTokenFile_Fails()
    {
        var file = Write("token", "\n");

        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN_FILE"] = file }));

        Assert.Equal($"CIRCLECI_TOKEN_FILE (CircleCi:TokenFile) names '{file}', which is empty.", error.Message);
    }

    [Fact]
    public void AddReleaseWorker_TokenWithLineBreak_FailsWithoutEchoingIt()
    {
        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN"] = "abc def-secret" }));

        Assert.StartsWith("CIRCLECI_TOKEN (CircleCi:Token) holds whitespace", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReleaseWorker_ClientCertWithoutKey_NamesTheKey()
    {
        var (cert, _) = SelfSigned();
        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN"] = Token, ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = Write("cert.pem", cert) }));

        Assert.StartsWith("TEMPORAL_TLS_CLIENT_KEY_PATH (Temporal:Tls:ClientKeyPath) is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReleaseWorker_KeyNotMatchingPem_NamesBothFiles()
    {
        var (cert, _) = SelfSigned();
        var error = Assert.Throws<SettingException>(() => Build(new()
        {
            ["CIRCLECI_TOKEN"] = Token,
            ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = Write("cert.pem", cert),
            ["TEMPORAL_TLS_CLIENT_KEY_PATH"] = Write("key.pem", "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n"),
        }));

        Assert.StartsWith(
            "TEMPORAL_TLS_CLIENT_CERT_PATH (Temporal:Tls:ClientCertPath) and TEMPORAL_TLS_CLIENT_KEY_PATH (Temporal:Tls:ClientKeyPath) do not hold",
            error.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AddReleaseWorker_MutualTls_LoadsCertificates()
    {
        var (cert, key) = SelfSigned();
        var settings = Build(new()
        {
            ["CIRCLECI_TOKEN"] = Token,
            ["TEMPORAL_ADDRESS"] = "temporal.example:7233",
            ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = Write("cert.pem", cert),
            ["TEMPORAL_TLS_CLIENT_KEY_DATA"] = key,
            ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = Write("ca.pem", cert),
            ["TEMPORAL_TLS_SERVER_NAME"] = "temporal.internal",
        });

        var tls = Assert.IsType<Temporalio.Client.TlsOptions>(settings.Temporal.Tls);
        Assert.NotNull(tls.ClientCert);
        Assert.NotNull(tls.ClientPrivateKey);
        Assert.NotNull(tls.ServerRootCACert);
        Assert.Equal("temporal.internal", tls.Domain);
    }

    [Fact]
    public void AddReleaseWorker_ApiKey_TurnsTlsOnUnlessDisabled()
    {
        var withKey = Build(new() { ["CIRCLECI_TOKEN"] = Token, ["TEMPORAL_API_KEY"] = "temporal-api-key-123" });
        var disabled = Build(new() { ["CIRCLECI_TOKEN"] = Token, ["TEMPORAL_API_KEY"] = "temporal-api-key-123", ["TEMPORAL_TLS"] = "false" });

        Assert.NotNull(withKey.Temporal.Tls);
        Assert.Equal("temporal-api-key-123", withKey.Temporal.ApiKey);
        Assert.Null(disabled.Temporal.Tls);
        Assert.DoesNotContain("temporal-api-key-123", withKey.Temporal.ToString(), StringComparison.Ordinal);
        Assert.Contains("temporal-api-key-123", withKey.Log.Secrets);
    }

    [Fact]
    public void AddReleaseWorker_Defaults_FollowTheReadme()
    {
        var settings = Build(new() { ["CIRCLECI_TOKEN"] = Token });

        Assert.Equal("localhost:7233", settings.Temporal.Address);
        Assert.Equal("default", settings.Temporal.Namespace);
        Assert.Equal("release", settings.Temporal.TaskQueue);
        Assert.Null(settings.Temporal.Tls);
        Assert.Equal(new Uri("https://circleci.com/api/v2/"), settings.CircleCi.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.GracefulShutdownTimeout);
        Assert.Contains(Token, settings.Log.Secrets);
        Assert.Null(settings.Log.Elasticsearch);
    }

    [Fact]
    public void AddReleaseWorker_WebhookSecret_TurnsTheReceiverOnAndIsASecret()
    {
        var off = Build(new() { ["CIRCLECI_TOKEN"] = Token });
        var on = Build(new() { ["CIRCLECI_TOKEN"] = Token, ["CIRCLECI_WEBHOOK_SECRET"] = "hook-secret-8c1f", ["CIRCLECI_WEBHOOK_PORT"] = "9099" });

        Assert.Null(off.Webhook);
        Assert.Equal(new WebhookSettings("hook-secret-8c1f", 9099), on.Webhook);
        Assert.Contains("hook-secret-8c1f", on.Log.Secrets);
    }

    [Fact]
    public void AddReleaseWorker_WorkerTuning_IsRead()
    {
        var settings = Build(new()
        {
            ["CIRCLECI_TOKEN"] = Token,
            ["Worker__MaxCachedWorkflows"] = "200",
            ["Worker__MaxConcurrentActivities"] = "20",
            ["Worker__MaxConcurrentWorkflowTasks"] = "30",
        });

        Assert.Equal((200, 20, 30), (settings.MaxCachedWorkflows, settings.MaxConcurrentActivities, settings.MaxConcurrentWorkflowTasks));
    }

    [Fact]
    public void AddReleaseWorker_ReportStore_IsReadAndCreated()
    {
        var reports = Path.Combine(folder, "reports");

        var settings = Build(new() { ["CIRCLECI_TOKEN"] = Token, ["RELEASE_REPORTS_DIR"] = reports, ["RELEASE_REPORT_INLINE_LIMIT"] = "1000" });

        Assert.Equal((reports, 1000), (settings.Reports.Folder, settings.Reports.InlineLimit));
        Assert.True(Directory.Exists(reports));
    }

    [Fact]
    public void AddReleaseWorker_ElasticsearchCredentialsAndFingerprint_AreRead()
    {
        var fingerprint = string.Join(':', Enumerable.Repeat("AB", 32));
        var settings = Build(new()
        {
            ["CIRCLECI_TOKEN"] = Token,
            ["ELASTICSEARCH_URL"] = "https://es:9200",
            ["ELASTICSEARCH_USERNAME"] = "elastic",
            ["ELASTICSEARCH_PASSWORD"] = "es-password-7f",
            ["ELASTICSEARCH_CA_FINGERPRINT"] = fingerprint,
        });

        Assert.Equal("elastic", settings.Log.Elasticsearch!.Username);
        Assert.Equal("es-password-7f", settings.Log.Elasticsearch.Password);
        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 32)), settings.Log.Elasticsearch.CertificateFingerprint);
    }

    [Theory]
    [InlineData("ELASTICSEARCH_CA_FINGERPRINT", "not-hex", "ELASTICSEARCH_CA_FINGERPRINT (Elasticsearch:CertificateFingerprint) is not a SHA-256 fingerprint")]
    [InlineData("ELASTICSEARCH_PASSWORD", "es-secret-1", "ELASTICSEARCH_PASSWORD (Elasticsearch:Password) is set without a user name; set ELASTICSEARCH_USERNAME")]
    public void AddReleaseWorker_BadElasticsearchSetting_OneLineNamingIt(string variable, string value, string expected)
    {
        var error = Assert.Throws<SettingException>(() => Build(new() { ["CIRCLECI_TOKEN"] = Token, ["ELASTICSEARCH_URL"] = "https://es:9200", [variable] = value }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("es-secret-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReleaseWorker_TemporalVariables_OverrideAppSettingsKeys()
    {
        var settings = Build(
            new() { ["CIRCLECI_TOKEN_FILE"] = Write("token", Token + "\n"), ["TEMPORAL_TASK_QUEUE"] = "from-env", ["Worker__GracefulShutdownTimeout"] = "2m" },
            new() { ["Temporal:TaskQueue"] = "from-file", ["Temporal:Namespace"] = "ns-from-file", ["Elasticsearch:Url"] = "http://es:9200", ["Elasticsearch:BatchSize"] = "50" });

        Assert.Equal("from-env", settings.Temporal.TaskQueue);
        Assert.Equal("ns-from-file", settings.Temporal.Namespace);
        Assert.Equal(Token, settings.CircleCi.Token);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.GracefulShutdownTimeout);
        Assert.Equal(50, settings.Log.Elasticsearch!.BatchSize);
    }

    /// <summary>
    /// The real builder, without the process environment (CI may set TEMPORAL_ADDRESS): the given
    /// variables go through the same alias table, <c>Section__Key</c> ones through the standard provider.
    /// </summary>
    private static WorkerSettings Build(Dictionary<string, string?> environment, Dictionary<string, string?>? appSettings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(appSettings ?? []);
        builder.Configuration.AddInMemoryCollection(environment
            .Where(e => e.Key.Contains("__", StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        builder.AddReleaseWorker(environment);
        using var host = builder.Build();
        return (WorkerSettings)host.Services.GetService(typeof(WorkerSettings))!;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (string Cert, string Key) SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=release-worker-test", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
