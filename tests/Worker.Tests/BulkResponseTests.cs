using Release.Logging.Elasticsearch;

namespace Worker.Tests;

/// <summary>How the official client's bulk answers are sorted: 429 items go again, other item errors are final, credentials are sent.</summary>
public sealed class BulkResponseTests
{
    [Fact]
    public async Task SendAsync_ItemErrors_RetryOnlyThe429s()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        endpoint.AnswerNext("""
            {"took":3,"errors":true,"items":[
              {"create":{"_index":"logs","status":201}},
              {"create":{"_index":"logs","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}},
              {"create":{"_index":"logs","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad"}}}]}
            """);
        var sender = new BulkSender(ElasticsearchClientFactory.Create(new ElasticsearchSettings { Url = endpoint.Url }));

        var outcome = await sender.SendAsync("logs", [new("""{"a":1}"""), new("""{"b":2}"""), new("""{"c":3}""")], replace: false, CancellationToken.None);

        Assert.Equal([1], outcome.Retry);
        Assert.Equal(1, outcome.Rejected);
        Assert.Null(outcome.TransientError);
        Assert.Equal(1, outcome.Accepted(3));
    }

    [Fact]
    public async Task SendAsync_Replace_SendsIndexActionsWithIds_SoASecondSendReplaces()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        var sender = new BulkSender(ElasticsearchClientFactory.Create(new ElasticsearchSettings { Url = endpoint.Url, ApiKey = "a2V5OnNlY3JldA==" }));

        await sender.SendAsync("jobs", [new("""{"status":"running"}""", "job-1")], replace: true, CancellationToken.None);
        await sender.SendAsync("jobs", [new("""{"status":"success"}""", "job-1")], replace: true, CancellationToken.None);

        Assert.Equal("""{"status":"success"}""", Assert.Single(endpoint.Indexed).Value);
        Assert.All(endpoint.Requests, r => Assert.Equal("ApiKey a2V5OnNlY3JldA==", r.Authorization));
    }

    [Fact]
    public async Task SendAsync_NotAnswered_IsTransient_AndBasicCredentialsAreSent()
    {
        await using var endpoint = await BulkEndpoint.StartAsync();
        endpoint.FailNext(503);
        var sender = new BulkSender(ElasticsearchClientFactory.Create(
            new ElasticsearchSettings { Url = endpoint.Url, Username = "elastic", Password = "changeme" }));

        var outcome = await sender.SendAsync("logs", [new("""{"a":1}""")], replace: false, CancellationToken.None);

        Assert.Equal("_bulk answered 503", outcome.TransientError);
        Assert.Equal(0, outcome.Accepted(1));
        Assert.Equal("Basic " + Convert.ToBase64String("elastic:changeme"u8.ToArray()), endpoint.Requests.Single().Authorization);
    }
}
