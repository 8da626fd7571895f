using System.Text.Json;
using Release.Logging;
using Release.Logging.Elasticsearch;
using Serilog.Events;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>The _bulk sink against an in-process HTTP endpoint: wire format, batching, bounded queue, retries.</summary>
public sealed class ElasticsearchSinkTests
{
    [Fact]
    public async Task Sink_SendsNdjsonBulkRequestsInBatches()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        var logger = Logger(endpoint, batchSize: 3, period: TimeSpan.FromMinutes(1));

        for (var i = 0; i < 7; i++)
        {
            logger.Logger.Information("Event {Number}", i);
        }

        await Eventually.WaitAsync(() => endpoint.Requests.Count == 2, "two full batches");
        await logger.DisposeAsync();

        var requests = endpoint.Requests.ToList();
        Assert.Equal([3, 3, 1], requests.Select(r => r.Documents.Count));
        foreach (var request in requests)
        {
            Assert.StartsWith("application/x-ndjson", request.ContentType, StringComparison.Ordinal);
            Assert.EndsWith("\n", request.Body, StringComparison.Ordinal);
            var lines = request.Body.TrimEnd('\n').Split('\n');
            Assert.Equal(0, lines.Length % 2);
            for (var i = 0; i < lines.Length; i += 2)
            {
                using var action = JsonDocument.Parse(lines[i]);
                Assert.Equal("logs-release-test", action.RootElement.GetProperty("create").GetProperty("_index").GetString());
                using var document = JsonDocument.Parse(lines[i + 1]);
                Assert.Equal("info", document.RootElement.GetProperty("log.level").GetString());
            }
        }

        var numbers = requests.SelectMany(r => r.Documents).Select(d => JsonDocument.Parse(d).RootElement.GetProperty("properties").GetProperty("Number").GetInt32());
        Assert.Equal(Enumerable.Range(0, 7), numbers);
        Assert.Equal(new ElasticsearchSinkStats(7, 0, 0, 0, 3), logger.ElasticsearchStats);
    }

    [Fact]
    public async Task Sink_QueueFull_DropsAndCountsInsteadOfBlocking()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        endpoint.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = Logger(endpoint, batchSize: 1, period: TimeSpan.FromMilliseconds(10), queueLimit: 5);

        logger.Logger.Information("First");
        await Eventually.WaitAsync(() => endpoint.Requests.Count == 1, "the first request to be stuck");
        for (var i = 0; i < 20; i++)
        {
            logger.Logger.Information("Queued {Number}", i);
        }

        Assert.Equal(15, logger.ElasticsearchStats!.DroppedQueueFull);
        endpoint.Gate.SetResult();
        await Eventually.WaitAsync(() => logger.ElasticsearchStats!.Sent == 6, "the queued events to be sent");
        await logger.DisposeAsync();

        Assert.True(endpoint.Requests.Count == 6, $"{endpoint.Requests.Count} requests, {logger.ElasticsearchStats}");
        Assert.Equal(6, logger.ElasticsearchStats!.Sent);
    }

    [Fact]
    public async Task Sink_ServerErrors_RetriesTheBatchThenDelivers()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        endpoint.FailNext(503, 429);
        var logger = Logger(endpoint, batchSize: 2, period: TimeSpan.FromMilliseconds(10));

        logger.Logger.Information("One");
        logger.Logger.Information("Two");
        await Eventually.WaitAsync(() => logger.ElasticsearchStats!.Sent == 2, "delivery after retries");
        await logger.DisposeAsync();

        Assert.Equal(3, endpoint.Requests.Count);
        Assert.Equal(endpoint.Requests.First().Body, endpoint.Requests.Last().Body);
        Assert.Equal(0, logger.ElasticsearchStats!.DroppedAfterRetries);
    }

    [Fact]
    public async Task Sink_UnreachableCluster_DisposeReturnsWithinFlushTimeout()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        endpoint.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = Logger(endpoint, batchSize: 10, period: TimeSpan.FromMilliseconds(10), flushTimeout: TimeSpan.FromMilliseconds(500));
        logger.Logger.Information("Never answered");
        await Eventually.WaitAsync(() => endpoint.Requests.Count == 1, "the stuck request");

        var started = DateTime.UtcNow;
        await logger.DisposeAsync();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "dispose waited past the flush timeout");
        Assert.Equal(1, logger.ElasticsearchStats!.DroppedAfterRetries);
    }

    private static ReleaseLogger Logger(BulkEndpoint endpoint, int batchSize, TimeSpan period, int queueLimit = 1000, TimeSpan? flushTimeout = null) =>
        ReleaseLogging.CreateLogger(new LogSettings
        {
            Console = ConsoleFormat.None,
            MinimumLevel = LogEventLevel.Information,
            Elasticsearch = new ElasticsearchSettings
            {
                Url = endpoint.Url,
                Index = "logs-release-test",
                BatchSize = batchSize,
                Period = period,
                QueueLimit = queueLimit,
                RetryDelay = TimeSpan.FromMilliseconds(10),
                FlushTimeout = flushTimeout ?? TimeSpan.FromSeconds(20),
            },
        });
}
