namespace Release.Logging.Elasticsearch;

/// <summary>What the sink did with the events it was given.</summary>
/// <param name="Sent">Accepted by Elasticsearch.</param>
/// <param name="DroppedQueueFull">Never queued: the queue was at its limit.</param>
/// <param name="DroppedAfterRetries">Queued, but every attempt to send them failed.</param>
/// <param name="Rejected">Refused by Elasticsearch item by item (e.g. a mapping conflict); not retried.</param>
/// <param name="Requests">_bulk requests made, retries included.</param>
public sealed record ElasticsearchSinkStats(long Sent, long DroppedQueueFull, long DroppedAfterRetries, long Rejected, long Requests);
