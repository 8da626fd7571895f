using System.Threading.Channels;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging.Elasticsearch;

/// <summary>
/// Sends events to Elasticsearch's _bulk API in batches, from a bounded queue.
/// </summary>
/// <remarks>
/// Serilog 4's built-in batching (IBatchedLogEventSink) would do the loop, but its bounded queue
/// drops silently and its shutdown flush has no time limit; here drops are counted
/// (<see cref="Stats"/>) and disposing waits at most <see cref="ElasticsearchSettings.FlushTimeout"/>,
/// so a worker's graceful shutdown never hangs on an unreachable cluster. Logging must never block
/// the caller: <see cref="Emit"/> only enqueues.
/// </remarks>
public sealed class ElasticsearchBulkSink : ILogEventSink, IDisposable, IAsyncDisposable
{
    private readonly ElasticsearchSettings settings;
    private readonly ITextFormatter formatter;
    private readonly BulkSender sender;
    private readonly Channel<LogEvent> queue;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private long sent;
    private long droppedQueueFull;
    private long droppedAfterRetries;
    private long rejected;
    private long requests;
    private int disposed;

    /// <param name="formatter">Renders each event as one JSON document (the ECS formatter, redacting).</param>
    public ElasticsearchBulkSink(ElasticsearchSettings settings, ITextFormatter formatter)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        this.formatter = formatter;
        sender = new BulkSender(ElasticsearchClientFactory.Create(settings));
        queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(settings.QueueLimit)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        loop = Task.Run(RunAsync);
    }

    public ElasticsearchSinkStats Stats => new(
        Interlocked.Read(ref sent),
        Interlocked.Read(ref droppedQueueFull),
        Interlocked.Read(ref droppedAfterRetries),
        Interlocked.Read(ref rejected),
        Interlocked.Read(ref requests));

    public void Emit(LogEvent logEvent)
    {
        // With FullMode.Wait, TryWrite fails rather than waits when the queue is full.
        if (!queue.Writer.TryWrite(logEvent))
        {
            Interlocked.Increment(ref droppedQueueFull);
        }
    }

    private async Task RunAsync()
    {
        var reader = queue.Reader;
        var batch = new List<LogEvent>(settings.BatchSize);
        try
        {
            while (await reader.WaitToReadAsync(stopping.Token))
            {
                var deadline = Task.Delay(settings.Period, stopping.Token);
                while (batch.Count < settings.BatchSize)
                {
                    while (batch.Count < settings.BatchSize && reader.TryRead(out var next))
                    {
                        batch.Add(next);
                    }

                    if (batch.Count >= settings.BatchSize || reader.Completion.IsCompleted)
                    {
                        break;
                    }

                    // A partial batch waits for more events, but not past the period.
                    var more = reader.WaitToReadAsync(stopping.Token).AsTask();
                    if (await Task.WhenAny(more, deadline) == deadline || !await more)
                    {
                        break;
                    }
                }

                await SendAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            var left = batch.Count + reader.Count;
            Interlocked.Add(ref droppedAfterRetries, left);
            SelfLog.WriteLine("Elasticsearch sink: flush timed out; {0} events dropped", left);
        }
    }

    private async Task SendAsync(List<LogEvent> batch)
    {
        var documents = batch.Select(e => new BulkDocument(Render(e))).ToList();
        var delay = settings.RetryDelay;
        for (var attempt = 1; documents.Count > 0; attempt++)
        {
            try
            {
                documents = await PostAsync(documents);
                if (documents.Count == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stopping.IsCancellationRequested)
            {
                SelfLog.WriteLine("Elasticsearch sink: attempt {0} failed: {1}", attempt, e.Message);
            }

            if (attempt >= settings.MaxAttempts)
            {
                Interlocked.Add(ref droppedAfterRetries, documents.Count);
                SelfLog.WriteLine("Elasticsearch sink: {0} events dropped after {1} attempts", documents.Count, attempt);
                return;
            }

            await Task.Delay(delay, stopping.Token);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>Posts the documents; returns those to send again (none when all were taken).</summary>
    private async Task<List<BulkDocument>> PostAsync(List<BulkDocument> documents)
    {
        Interlocked.Increment(ref requests);
        var outcome = await sender.SendAsync(settings.Index, documents, replace: false, stopping.Token);
        // The client reports a cancelled request as a failed answer, not an exception: stopping wins.
        stopping.Token.ThrowIfCancellationRequested();
        if (outcome.TransientError is { } error)
        {
            throw new HttpRequestException(error);
        }

        if (outcome.Rejected > 0)
        {
            SelfLog.WriteLine("Elasticsearch sink: {0} events rejected", outcome.Rejected);
        }

        Interlocked.Add(ref rejected, outcome.Rejected);
        Interlocked.Add(ref sent, outcome.Accepted(documents.Count));
        return outcome.Retry.Select(i => documents[i]).ToList();
    }

    private string Render(LogEvent logEvent)
    {
        using var output = new StringWriter();
        formatter.Format(logEvent, output);
        return output.ToString();
    }

    /// <summary>Sends what is queued, waiting at most the flush timeout, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        if (await Task.WhenAny(loop, Task.Delay(settings.FlushTimeout)) != loop)
        {
            await stopping.CancelAsync();
        }

        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
