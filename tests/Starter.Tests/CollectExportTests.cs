using System.Text.Json;
using Release.Analytics.Store;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary><c>release collect export</c>: the store's history as ECS documents, to NDJSON and to Elasticsearch, idempotently.</summary>
[Collection(StarterCollection.Name)]
public sealed class CollectExportTests(StarterFixture fixture)
{
    private static readonly DateTimeOffset Created = DateTimeOffset.UtcNow.AddHours(-3);

    [Fact]
    public async Task Export_Ndjson_OneEcsDocumentPerPipelineWorkflowAndJob_WithCircleCiIdsAndLinks()
    {
        var storeFile = await StoreWithOnePipelineAsync("gh/acme/exported");
        var output = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.ndjson");

        var result = await Cli.RunAsync(fixture.Environment, "collect", "export", "--ndjson", output, "--store", storeFile);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Exported 4 documents to", result.Out, StringComparison.Ordinal);
        var documents = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["circleci.pipeline", "circleci.workflow", "circleci.job", "circleci.job"], documents.Select(d => Text(d, "event.dataset")));
        Assert.Equal(["pipeline-p-1", "workflow-w-1", "job-j-1", "job-j-2"], documents.Select(d => Text(d, "event.id")));
        var failed = documents[3];
        Assert.Equal("failure", Text(failed, "event.outcome"));
        Assert.Equal("8.11.0", Text(failed, "ecs.version"));
        Assert.Equal(95_000_000_000L, Descend(failed, "event.duration").GetInt64());
        Assert.Equal(5_000L, Descend(failed, "circleci.job.queue_ms").GetInt64());
        Assert.Equal("large", Text(failed, "circleci.job.resource_class"));
        Assert.Equal("build", Text(failed, "circleci.workflow.name"));
        Assert.Equal("3.5.x", Text(failed, "circleci.pipeline.branch"));
        Assert.Equal("https://app.circleci.com/pipelines/gh/acme/exported/17/workflows/w-1/jobs/42", Text(failed, "url.full"));
        Assert.Equal("success", Text(documents[2], "event.outcome"));
        Assert.False(Descend(documents[0], "event").TryGetProperty("outcome", out _), "a pipeline has no outcome of its own");
        // A pipeline ends with its last workflow (4 minutes after creation), not at its updated_at.
        Assert.Equal(240_000_000_000L, Descend(documents[0], "event.duration").GetInt64());
    }

    [Fact]
    public async Task Export_Elasticsearch_Twice_ReplacesDocumentsByIdAndSendsTheCredentials()
    {
        var storeFile = await StoreWithOnePipelineAsync("gh/acme/shipped");
        await using var elasticsearch = await BulkEndpoint.StartAsync();
        var environment = new Dictionary<string, string>(fixture.Environment) { ["ELASTICSEARCH_API_KEY"] = "ZXhwb3J0OmtleQ==" };

        var first = await Cli.RunAsync(environment, "collect", "export", "--elasticsearch", elasticsearch.Url.ToString(), "--store", storeFile, "--index", "ci-history");
        var second = await Cli.RunAsync(environment, "collect", "export", "--elasticsearch", elasticsearch.Url.ToString(), "--store", storeFile, "--index", "ci-history");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Contains("Exported 4 documents to index ci-history", second.Out, StringComparison.Ordinal);
        Assert.Equal(2, elasticsearch.Requests.Count);
        Assert.Equal(4, elasticsearch.Indexed.Count);
        Assert.All(elasticsearch.Indexed.Keys, k => Assert.Equal("ci-history", k.Index));
        Assert.All(elasticsearch.Requests, r => Assert.Equal("ApiKey ZXhwb3J0OmtleQ==", r.Authorization));
        Assert.DoesNotContain("ZXhwb3J0OmtleQ==", first.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "say where the documents go")]
    [InlineData(new[] { "--ndjson", "/nonexistent-folder/x.ndjson" }, "folder /nonexistent-folder does not exist")]
    [InlineData(new[] { "--elasticsearch", "es:9200" }, "--elasticsearch 'es:9200' is not an http(s) URL")]
    public async Task Export_BadTarget_OneLine(string[] arguments, string expected)
    {
        var storeFile = await StoreWithOnePipelineAsync("gh/acme/nowhere");

        var result = await Cli.RunAsync(fixture.Environment, ["collect", "export", "--store", storeFile, .. arguments]);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, expected);
    }

    [Fact]
    public async Task Export_ElasticsearchDown_OneLineSayingWhatWasExported()
    {
        var storeFile = await StoreWithOnePipelineAsync("gh/acme/down");
        await using var elasticsearch = await BulkEndpoint.StartAsync();
        elasticsearch.FailNext(503, 503, 503, 503);

        var result = await Cli.RunAsync(fixture.Environment, "collect", "export", "--elasticsearch", elasticsearch.Url.ToString(), "--store", storeFile);

        InputTests.AssertOneLineError(result, ExitCodes.ReleaseFailed, "did not take the documents after 4 attempts (_bulk answered 503); 0 were exported");
    }

    private static async Task<string> StoreWithOnePipelineAsync(string slug)
    {
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.db");
        var store = await AnalyticsStore.OpenAsync(file);
        await store.AddProjectsAsync([slug]);
        await store.UpsertPipelineAsync(new StoredPipeline("p-1", slug, 17, "created", Created, Created.AddMinutes(1), "3.5.x", "abc123", "webhook", "alice"));
        await store.UpsertWorkflowAsync(new StoredWorkflow("w-1", "p-1", slug, "build", "failed", Created.AddSeconds(2), Created.AddMinutes(4)));
        await store.UpsertJobsAsync([
            new StoredJob("j-1", "w-1", slug, "compile", "success", 41, "build", "medium", "docker", 1, TimeSpan.FromSeconds(60),
                Created.AddSeconds(2), Created.AddSeconds(3), Created.AddSeconds(5), Created.AddSeconds(65)),
            new StoredJob("j-2", "w-1", slug, "test", "failed", 42, "build", "large", "docker", 2, TimeSpan.FromSeconds(95),
                Created.AddSeconds(66), Created.AddSeconds(70), Created.AddSeconds(75), Created.AddSeconds(170)),
        ]);
        return file;
    }

    private static string? Text(JsonElement document, string path) => Descend(document, path).GetString();

    private static JsonElement Descend(JsonElement document, string path) =>
        path.Split('.').Aggregate(document, (node, key) => node.GetProperty(key));
}
