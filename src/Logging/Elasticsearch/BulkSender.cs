using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;

namespace Release.Logging.Elasticsearch;

/// <summary>
/// Sends documents in one _bulk request through the official client and sorts the answer into
/// what to send again and what is lost for good. Never throws for the cluster's answers.
/// </summary>
public sealed class BulkSender(ElasticsearchClient client)
{
    /// <param name="index">An index or a data stream.</param>
    /// <param name="replace">
    /// False: <c>create</c> actions (the only ones a data stream takes; logs are appended).
    /// True: <c>index</c> actions with each document's id, so a document sent again replaces itself.
    /// </param>
    public async Task<BulkOutcome> SendAsync(string index, IReadOnlyList<BulkDocument> documents, bool replace, CancellationToken cancellationToken)
    {
        var request = new BulkRequest { Operations = [] };
        foreach (var document in documents)
        {
            request.Operations.Add(Operation(index, Parse(document.Json), document.Id, replace));
        }

        var response = await client.BulkAsync(request, cancellationToken);
        var status = response.ApiCallDetails.HttpStatusCode;
        if (status is null || status == 429 || status >= 500)
        {
            // No answer at all (refused, timed out) or an overloaded cluster: the whole batch may go again.
            var why = status is null
                ? response.ApiCallDetails.OriginalException?.Message ?? "no answer"
                : $"_bulk answered {status}";
            return new BulkOutcome([], 0, why);
        }

        if (!response.IsValidResponse && response.Items.Count == 0)
        {
            // 4xx other than 429: the request itself is wrong (credentials, URL); sending it again cannot help.
            return new BulkOutcome([], documents.Count);
        }

        var retry = new List<int>();
        var rejected = 0;
        var position = 0;
        foreach (var item in response.Items)
        {
            var i = position++;
            var itemStatus = item.Status;
            if (itemStatus == 429)
            {
                retry.Add(i);
            }
            else if (itemStatus >= 300)
            {
                rejected++;
            }
        }

        return new BulkOutcome(retry, rejected);
    }

    // The index goes in each action line (not the URL), so one request could mix targets.
    private static IBulkOperation Operation(string index, JsonElement source, string? id, bool replace) => (replace, id) switch
    {
        (true, { } key) => new BulkIndexOperation<JsonElement>(source) { Index = index, Id = key },
        (true, null) => new BulkIndexOperation<JsonElement>(source) { Index = index },
        (false, { } key) => new BulkCreateOperation<JsonElement>(source) { Index = index, Id = key },
        _ => new BulkCreateOperation<JsonElement>(source) { Index = index },
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
