namespace Worker.Tests;

/// <summary>How a 200 answer with item errors is read: 429 items go again, others are final.</summary>
public sealed class BulkResponseTests
{
    [Fact]
    public void Failures_ItemErrors_RetryOnlyThe429s()
    {
        const string response = """
            {"took":3,"errors":true,"items":[
              {"create":{"_index":"logs","status":201}},
              {"create":{"_index":"logs","status":429,"error":{"type":"es_rejected_execution_exception"}}},
              {"create":{"_index":"logs","status":400,"error":{"type":"mapper_parsing_exception"}}}]}
            """;

        var (retry, rejected) = Release.Logging.Elasticsearch.BulkBody.Failures(response);

        Assert.Equal([1], retry);
        Assert.Equal(1, rejected);
    }

    [Fact]
    public void Build_EndsEveryLineWithNewline_AndEscapesTheIndex()
    {
        var body = Release.Logging.Elasticsearch.BulkBody.Build("logs-\"odd\"", ["{\"a\":1}\n", "{\"b\":2}"]);

        Assert.Equal("{\"create\":{\"_index\":\"logs-\\u0022odd\\u0022\"}}\n{\"a\":1}\n{\"create\":{\"_index\":\"logs-\\u0022odd\\u0022\"}}\n{\"b\":2}\n", body);
    }
}
