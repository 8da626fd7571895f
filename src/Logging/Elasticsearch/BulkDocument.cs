namespace Release.Logging.Elasticsearch;

/// <summary>One JSON document for a bulk request; with an id, sending it again replaces it rather than adding a copy.</summary>
public sealed record BulkDocument(string Json, string? Id = null);
