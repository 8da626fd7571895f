using System.Text.Json;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>The worker as operators run it: exit codes, one-line errors, SIGTERM.</summary>
[Collection(DevServerCollection.Name)]
public sealed class WorkerProcessTests(DevServerFixture server) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("worker-process-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task BadSetting_ExitsWith2AndOneLineWithoutStackTrace()
    {
        using var worker = WorkerProcess.Start(new() { ["CIRCLECI_TOKEN"] = "cci-token-for-test", ["TEMPORAL_TLS"] = "sometimes" });

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Equal("release-worker: TEMPORAL_TLS (Temporal:Tls:Enabled) is 'sometimes', not true or false.\n", worker.StandardError);
        Assert.Equal("", worker.StandardOutput);
    }

    [Fact]
    public async Task MissingToken_ExitsWith2NamingIt()
    {
        using var worker = WorkerProcess.Start([]);

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(worker.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("release-worker: CIRCLECI_TOKEN (CircleCi:Token) is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableTemporal_ExitsWith1AfterTheConnectTimeout()
    {
        using var worker = WorkerProcess.Start(new()
        {
            ["CIRCLECI_TOKEN"] = "cci-token-for-test",
            ["TEMPORAL_ADDRESS"] = "127.0.0.1:1",
            ["Temporal__ConnectTimeout"] = "0s",
        });

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("ERR [ReleaseWorkerService] Cannot connect to Temporal at 127.0.0.1:1 (TEMPORAL_ADDRESS) within 0s:", worker.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", worker.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_DrainsAndExits0_WithEcsJsonFileAndBulkEvents()
    {
        const string token = "cci-token-never-logged-0123456789";
        var queue = $"process-{Guid.NewGuid():N}";
        await using var elasticsearch = await BulkEndpoint.StartAsync();
        using var worker = WorkerProcess.Start(new()
        {
            ["ELASTICSEARCH_URL"] = elasticsearch.Url.ToString(),
            ["ELASTICSEARCH_INDEX"] = "logs-release-process",
            ["Elasticsearch__Period"] = "50ms",
            ["CIRCLECI_TOKEN"] = token,
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["TEMPORAL_TASK_QUEUE"] = queue,
            ["LOG_JSON_FILE"] = Path.Combine(folder, "worker.json"),
            ["LOG_CONSOLE"] = "text",
        });
        await Eventually.WaitAsync(() => worker.StandardOutput.Contains($"Polling task queue {queue}", StringComparison.Ordinal), "the polling log", TimeSpan.FromSeconds(60));

        worker.Terminate();
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains("Stopping: no new tasks; running activities have 30s to finish", worker.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Worker stopped polling task queue {queue}", worker.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", worker.StandardError);

        var lines = File.ReadAllLines(Assert.Single(Directory.GetFiles(folder, "worker*.json")));
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var connected = Assert.Single(events, e => e.GetProperty("message").GetString()!.StartsWith("Connected to Temporal", StringComparison.Ordinal));
        Assert.Equal("release-worker", connected.GetProperty("service.name").GetString());
        Assert.Equal("Release.Worker.Hosting.ReleaseWorkerService", connected.GetProperty("log.logger").GetString());
        Assert.Equal(server.Address, connected.GetProperty("properties").GetProperty("Address").GetString());
        Assert.Contains(events, e => e.GetProperty("message").GetString()!.StartsWith("Worker stopped polling", StringComparison.Ordinal));
        Assert.DoesNotContain(token, string.Join('\n', lines), StringComparison.Ordinal);

        // The last events reach Elasticsearch too: the queue is flushed at shutdown.
        var bulk = string.Concat(elasticsearch.Requests.Select(r => r.Body));
        Assert.Contains("{\"create\":{\"_index\":\"logs-release-process\"}}", bulk, StringComparison.Ordinal);
        Assert.Contains("Worker stopped polling task queue", bulk, StringComparison.Ordinal);
        Assert.DoesNotContain(token, bulk, StringComparison.Ordinal);
    }
}
