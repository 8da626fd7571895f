using System.Text;
using System.Text.Json;

namespace Release.Logging.Elasticsearch;

/// <summary>
/// The NDJSON body of a _bulk request: per document one action line and one source line, each
/// ending in a newline (the API requires the last one too). <c>create</c> works for both plain
/// indices and data streams.
/// </summary>
internal static class BulkBody
{
    public static string Build(string index, IEnumerable<string> documents)
    {
        var action = $"{{\"create\":{{\"_index\":{JsonSerializer.Serialize(index)}}}}}\n";
        var body = new StringBuilder();
        foreach (var document in documents)
        {
            body.Append(action);
            body.Append(document.TrimEnd('\n', '\r'));
            body.Append('\n');
        }

        return body.ToString();
    }

    /// <summary>
    /// Which documents to send again: those Elasticsearch answered 429 for (overloaded, try later).
    /// Other item failures are final and reported as rejected.
    /// </summary>
    public static (List<int> Retry, int Rejected) Failures(string responseBody)
    {
        var retry = new List<int>();
        var rejected = 0;
        using var response = JsonDocument.Parse(responseBody);
        if (!response.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.True)
        {
            return (retry, 0);
        }

        var position = 0;
        foreach (var item in response.RootElement.GetProperty("items").EnumerateArray())
        {
            foreach (var result in item.EnumerateObject())
            {
                var status = result.Value.TryGetProperty("status", out var s) ? s.GetInt32() : 500;
                if (status == 429)
                {
                    retry.Add(position);
                }
                else if (status >= 300)
                {
                    rejected++;
                }
            }

            position++;
        }

        return (retry, rejected);
    }
}
