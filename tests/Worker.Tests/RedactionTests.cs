using System.Text.Json;
using Microsoft.Extensions.Logging;
using Release.Activities.CircleCi;
using Release.Logging;
using Release.Logging.Elasticsearch;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>A secret logged by mistake, in any form, reaches none of the outputs.</summary>
public sealed class RedactionTests : IDisposable
{
    private const string Token = "CCIPAT_9f8e7d6c5b4a3210fedcba9876543210";
    private const string ApiKey = "temporal-cloud-key-\"quoted\"-0042";
    private readonly string folder = Directory.CreateTempSubdirectory("worker-redact-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Secrets_LoggedByMistake_NeverReachConsoleFileOrBulk()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        var textConsole = new SyncStringWriter();
        var jsonConsole = new SyncStringWriter();
        var file = Path.Combine(folder, "worker.json");
        var settings = new LogSettings
        {
            Secrets = [Token, ApiKey],
            JsonFile = file,
            Elasticsearch = new ElasticsearchSettings { Url = endpoint.Url, Period = TimeSpan.FromMilliseconds(10), FlushTimeout = TimeSpan.FromSeconds(20) },
        };

        await using (var text = ReleaseLogging.CreateLogger(settings with { Console = ConsoleFormat.Text, ConsoleWriter = textConsole, ConsoleColors = false }))
        await using (var json = ReleaseLogging.CreateLogger(settings with { Console = ConsoleFormat.Json, ConsoleWriter = jsonConsole, JsonFile = null }))
        {
            foreach (var log in new[] { text, json })
            {
                using var factory = log.CreateLoggerFactory();
                LogMistakes(factory.CreateLogger("Mistakes"));
            }
        }

        var outputs = new Dictionary<string, string>
        {
            ["text console"] = textConsole.ToString(),
            ["json console"] = jsonConsole.ToString(),
            ["json file"] = string.Concat(Directory.GetFiles(folder).Select(File.ReadAllText)),
            ["bulk"] = string.Concat(endpoint.Requests.Select(r => r.Body)),
        };
        foreach (var (name, output) in outputs)
        {
            Assert.True(output.Contains("Calling CircleCI", StringComparison.Ordinal), $"{name} is missing the events");
            Assert.False(output.Contains("9f8e7d6c5b4a3210", StringComparison.Ordinal), $"{name} leaks the CircleCI token");
            Assert.False(output.Contains("temporal-cloud-key", StringComparison.Ordinal), $"{name} leaks the Temporal API key");
            Assert.False(output.Contains("short", StringComparison.Ordinal), $"{name} leaks the Circle-Token header");
            Assert.Contains("***", output, StringComparison.Ordinal);
        }

        // Redaction keeps each JSON line valid.
        foreach (var line in outputs["json console"].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var _ = JsonDocument.Parse(line);
        }
    }

    private static void LogMistakes(ILogger logger)
    {
        // Each line is a different way a token slips into a log.
#pragma warning disable CA2254 // The interpolated template is the mistake under test.
        logger.LogInformation($"Calling CircleCI with token {Token}");
#pragma warning restore CA2254
        logger.LogInformation("Calling CircleCI as {Caller}", $"bearer {Token}");
        logger.LogInformation("Calling CircleCI with {@Headers}", new Dictionary<string, string> { ["Circle-Token"] = "short", ["Accept"] = "application/json" });
        logger.LogInformation("Calling CircleCI with {@Options}", new CircleCiClientOptions { Token = Token });
        logger.LogInformation("Calling CircleCI with {@Connection}", new { Address = "temporal:7233", ApiKey });
        logger.LogInformation("Calling CircleCI with key {Key}", ApiKey);
        logger.LogError(new HttpRequestException($"401 for token {Token}"), "Calling CircleCI failed");
    }
}
