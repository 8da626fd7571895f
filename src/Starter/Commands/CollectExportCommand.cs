using System.CommandLine;
using Release.Analytics.Export;
using Release.Analytics.Store;
using Release.Logging.Elasticsearch;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release collect export</c>: the collected history as ECS documents, to an NDJSON file for
/// Filebeat or straight to Elasticsearch through the official client. Every document has its
/// CircleCI id, so exporting the same window again replaces documents instead of adding copies.
/// </summary>
internal sealed class CollectExportCommand : Command
{
    private const int BatchSize = 500;
    private const int Attempts = 4;

    private readonly CliConsole console;
    private readonly AnalyticsStoreOption store = new();
    private readonly Option<string?> ndjson = new("--ndjson") { Description = "Write the documents to this file, one JSON document a line (replaced whole, atomically).", HelpName = "file" };
    private readonly Option<string?> elasticsearch = new("--elasticsearch") { Description = "Send the documents to this Elasticsearch URL (env ELASTICSEARCH_URL; credentials from ELASTICSEARCH_API_KEY, or _USERNAME and _PASSWORD; ELASTICSEARCH_CA_FINGERPRINT for a self-signed cluster).", HelpName = "url" };
    private readonly Option<string> index = new("--index") { Description = "The Elasticsearch index (default circleci-history).", DefaultValueFactory = _ => "circleci-history" };
    private readonly Option<double?> since = Values.Seconds("--since", "The window, back from now, of pipelines created: 30d, 12h (default 30d).");
    private readonly Option<string[]> projects = new("--project") { Description = "A CircleCI project slug (repeatable; default: every collected project).", Arity = ArgumentArity.ZeroOrMore, HelpName = "slug" };

    public CollectExportCommand(CliConsole console)
        : base("export", "Export the collected history as ECS documents: an NDJSON file for Filebeat, or Elasticsearch.")
    {
        this.console = console;
        store.AddTo(this);
        Add(ndjson);
        Add(elasticsearch);
        Add(index);
        Add(since);
        Add(projects);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var file = parsed.GetValue(ndjson);
        var url = parsed.GetValue(elasticsearch) ?? (file is null ? console.Environment("ELASTICSEARCH_URL") : null);
        if (file is null == url is null)
        {
            throw CliException.Usage(file is null
                ? "say where the documents go: --ndjson FILE (for Filebeat) or --elasticsearch URL (or set ELASTICSEARCH_URL)"
                : "give --ndjson or --elasticsearch, not both: run the command once for each");
        }

        var target = url is null ? null : Cluster(url);
        var opened = await store.OpenAsync(parsed, console, cancellationToken);
        var window = TimeSpan.FromSeconds(parsed.GetValue(since) ?? TimeSpan.FromDays(30).TotalSeconds);
        var now = DateTimeOffset.UtcNow;
        var slugs = parsed.GetValue(projects) is { Length: > 0 } named
            ? named
            : (await opened.ProjectsAsync(cancellationToken)).Select(p => p.Slug).ToArray();
        var documents = HistoryExport.ReadAsync(opened, slugs, now - window, now, cancellationToken);
        return target is null
            ? await WriteFileAsync(file!, documents, cancellationToken)
            : await SendAsync(target, parsed.GetValue(index)!, documents, cancellationToken);
    }

    private async Task<int> WriteFileAsync(string file, IAsyncEnumerable<HistoryDocument> documents, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            throw CliException.Usage($"--ndjson {file}: folder {folder} does not exist; create it or pick another file");
        }

        // A new file under the same name: Filebeat sees a new file and reads it whole, and a reader
        // never sees half an export.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var count = 0;
        try
        {
            await using (var writer = new StreamWriter(temporary))
            {
                await foreach (var document in documents)
                {
                    await writer.WriteLineAsync(document.Json.AsMemory(), cancellationToken);
                    count++;
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw CliException.Usage($"--ndjson {file} cannot be written ({e.Message}); pick a file you may write");
        }
        finally
        {
            File.Delete(temporary);
        }

        console.Out.MarkupLineInterpolated($"Exported {count} document{(count == 1 ? "" : "s")} to [bold]{path}[/].");
        return ExitCodes.Success;
    }

    private async Task<int> SendAsync(ElasticsearchSettings cluster, string indexName, IAsyncEnumerable<HistoryDocument> documents, CancellationToken cancellationToken)
    {
        var sender = new BulkSender(ElasticsearchClientFactory.Create(cluster));
        var (sent, rejected) = (0, 0);
        var batch = new List<BulkDocument>(BatchSize);
        await foreach (var document in documents)
        {
            batch.Add(new BulkDocument(document.Json, document.Id));
            if (batch.Count == BatchSize)
            {
                (sent, rejected) = Add((sent, rejected), await SendBatchAsync(sender, cluster, indexName, batch, cancellationToken));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            (sent, rejected) = Add((sent, rejected), await SendBatchAsync(sender, cluster, indexName, batch, cancellationToken));
        }

        console.Out.MarkupLineInterpolated($"Exported {sent} document{(sent == 1 ? "" : "s")} to index [bold]{indexName}[/] at {cluster.Url}{(rejected > 0 ? $"; {rejected} refused by Elasticsearch (mapping or permission errors)" : "")}.");
        return rejected > 0 ? ExitCodes.ReleaseFailed : ExitCodes.Success;
    }

    private static (int Sent, int Rejected) Add((int Sent, int Rejected) total, (int Sent, int Rejected) batch) =>
        (total.Sent + batch.Sent, total.Rejected + batch.Rejected);

    /// <summary>One batch, sent again (only its 429 items) while Elasticsearch is busy, up to <see cref="Attempts"/> times.</summary>
    private static async Task<(int Sent, int Rejected)> SendBatchAsync(
        BulkSender sender, ElasticsearchSettings cluster, string indexName, List<BulkDocument> batch, CancellationToken cancellationToken)
    {
        var (sent, rejected) = (0, 0);
        var pending = batch.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await sender.SendAsync(indexName, pending, replace: true, cancellationToken);
            if (outcome.TransientError is null)
            {
                sent += outcome.Accepted(pending.Count);
                rejected += outcome.Rejected;
                pending = outcome.Retry.Select(i => pending[i]).ToList();
            }

            if (pending.Count == 0)
            {
                return (sent, rejected);
            }

            if (attempt == Attempts)
            {
                throw new CliException(
                    $"Elasticsearch at {cluster.Url} did not take the documents after {Attempts} attempts ({outcome.TransientError ?? "busy"}); {sent} were exported. Check the URL and that the cluster is up, then run the export again (it replaces what is there).",
                    ExitCodes.ReleaseFailed);
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    private ElasticsearchSettings Cluster(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--elasticsearch '{url}' is not an http(s) URL; give one like https://localhost:9200");
        }

        var fingerprint = console.Environment("ELASTICSEARCH_CA_FINGERPRINT") is { Length: > 0 } text
            ? ElasticsearchSettings.NormaliseFingerprint(text) ?? throw CliException.Usage($"ELASTICSEARCH_CA_FINGERPRINT {ElasticsearchSettings.FingerprintHint}")
            : null;
        return new ElasticsearchSettings
        {
            Url = uri,
            ApiKey = console.Environment("ELASTICSEARCH_API_KEY") is { Length: > 0 } key ? key : null,
            Username = console.Environment("ELASTICSEARCH_USERNAME") is { Length: > 0 } user ? user : null,
            Password = console.Environment("ELASTICSEARCH_PASSWORD"),
            CertificateFingerprint = fingerprint,
        };
    }
}
