namespace Release.Logging.Elasticsearch;

/// <summary>What became of a bulk request.</summary>
/// <param name="Retry">Positions of the documents to send again: Elasticsearch was too busy (429) for them.</param>
/// <param name="Rejected">Documents refused for good (a mapping error, a bad request, refused credentials).</param>
/// <param name="TransientError">Set when the whole request failed in a way worth retrying (no answer, 429, 5xx).</param>
public sealed record BulkOutcome(IReadOnlyList<int> Retry, int Rejected, string? TransientError = null)
{
    public int Accepted(int sent) => TransientError is null ? sent - Retry.Count - Rejected : 0;
}
